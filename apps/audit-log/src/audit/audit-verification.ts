import type { AuditVerifyQueryV1, AuditVerifyResultV1 } from '@orgo/contracts';
import type { KeyRing } from '@orgo/security';
import type { DataSource, EntityManager } from 'typeorm';

import { type ChainEntry, type ChainReport, type StoredCheckpoint, type StoredHead, verifyChain } from './audit-chain-verifier';
import type { CheckpointKind } from './audit-checkpoint';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AUDIT_CATEGORIES } from './audit-details';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';

/** Reads one category's chain, head and checkpoints as they are stored. */
async function readChain(manager: EntityManager, category: string): Promise<{ entries: ChainEntry[]; head: StoredHead | null; checkpoints: StoredCheckpoint[] }> {
  const rows = await manager.find(AuditEntryEntity, { where: { category }, order: { seq: 'ASC' } });
  const entries = rows.map(({ correlationId: _c, ...e }) => e);
  const head = await manager.findOne(AuditHeadEntity, { where: { category } });
  const checkpoints = (await manager.find(AuditCheckpointEntity, { where: { category }, order: { number: 'ASC' } })).map(({ id: _id, ...c }) => ({
    ...c,
    kind: c.kind as CheckpointKind,
  }));
  return { entries, head, checkpoints };
}

/**
 * Verifies the trail (ADR 0007), for the API and `orgo audit verify` alike: every category's chain
 * (or the one asked for) is checked whole — chains mix organizations, and a deleted entry's
 * organization is unknown — and the first break is named. With an organization, the counts are
 * that organization's entries.
 */
export async function verifyAuditTrail(manager: EntityManager, ring: KeyRing, query: AuditVerifyQueryV1 = {}): Promise<AuditVerifyResultV1> {
  const stored = await manager.createQueryBuilder(AuditHeadEntity, 'h').select('h.category', 'category').getRawMany<{ category: string }>();
  const present = await manager.createQueryBuilder(AuditEntryEntity, 'a').select('a.category', 'category').distinct(true).getRawMany<{ category: string }>();
  const known = [...new Set<string>([...AUDIT_CATEGORIES, ...stored.map((r) => r.category), ...present.map((r) => r.category)])];
  const categories = query.category ? [query.category] : known;
  const reports: ChainReport[] = [];
  const headRequired = (category: string) => stored.length > 0 && (AUDIT_CATEGORIES as readonly string[]).includes(category);
  for (const category of categories) reports.push(verifyChain({ category, ...(await readChain(manager, category)), headRequired: headRequired(category) }, ring));
  const organization = query.organization ?? null;
  const counted = (r: ChainReport) => (organization === null ? r.entries : (r.organizations[organization] ?? 0));
  const broken = reports.find((r) => r.broken)?.broken ?? null;
  return {
    ok: broken === null,
    checked: reports.reduce((sum, r) => sum + counted(r), 0),
    organization,
    categories: reports.map((r) => ({ category: r.category, entries: counted(r), erased: r.erased, legacy: r.legacy, seq: r.seq, anchor_seq: r.anchorSeq, checkpoints: r.checkpoints })),
    broken: broken && { category: broken.category, seq: broken.seq, id: broken.id, what: broken.what, problem: broken.message },
  };
}

/**
 * Verifies in one snapshot of the database, so appends committing meanwhile (a running Orgo) are
 * not mistaken for a truncation: a REPEATABLE READ transaction on PostgreSQL, a read transaction on
 * SQLite (WAL readers see the database as of their first read).
 */
export function verifyAuditSnapshot(dataSource: DataSource, ring: KeyRing, query: AuditVerifyQueryV1 = {}): Promise<AuditVerifyResultV1> {
  const work = (m: EntityManager) => verifyAuditTrail(m, ring, query);
  return dataSource.options.type === 'postgres' ? dataSource.transaction('REPEATABLE READ', work) : dataSource.transaction(work);
}
