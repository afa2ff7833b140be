import { insertNew } from '@orgo/persistence';
import { type EntityManager, In, LessThanOrEqual } from 'typeorm';

import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditHeadEntity } from '../audit/audit-head.entity';
import type { BulkOutcome } from './audit-index-bulk';
import type { IndexableEntry } from './audit-index-document';
import { AuditIndexLeaseEntity } from './audit-index-lease.entity';
import { AuditIndexMarkEntity } from './audit-index-mark.entity';
import { AuditIndexRetryEntity } from './audit-index-retry.entity';

const LEASE = 'indexer';

/** The columns the index is given (no hashes, MACs or key ids). */
const INDEXED_COLUMNS: (keyof AuditEntryEntity)[] = [
  'id',
  'category',
  'seq',
  'at',
  'organization',
  'action',
  'actor',
  'correlationId',
  'taskId',
  'emailId',
  'label',
  'details',
  'erasedAt',
];

/** The growth of a retry's wait: the interval, doubled per attempt, at most five minutes. */
export function retryDelayMs(attempts: number, intervalMs: number, maxMs = 300_000): number {
  return Math.min(maxMs, intervalMs * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
}

/** Takes or renews the indexer's lease; false while another replica holds it. */
export async function takeLease(
  manager: EntityManager,
  owner: string,
  now: Date,
  ms: number,
): Promise<boolean> {
  await insertNew(
    manager,
    AuditIndexLeaseEntity,
    [Object.assign(new AuditIndexLeaseEntity(), { name: LEASE, owner: '', until: '' })],
    'name',
  );
  const result = await manager
    .createQueryBuilder()
    .update(AuditIndexLeaseEntity)
    .set({ owner, until: new Date(now.getTime() + ms).toISOString() })
    .where('name = :name AND (owner = :owner OR until < :now)', {
      name: LEASE,
      owner,
      now: now.toISOString(),
    })
    .execute();
  return (result.affected ?? 0) > 0;
}

/** Lets the lease go at shutdown, so another replica takes over at once. */
export async function releaseLease(manager: EntityManager, owner: string): Promise<void> {
  await manager.update(AuditIndexLeaseEntity, { name: LEASE, owner }, { until: '' });
}

/** Every chain's head (seq and retention anchor): what there is to index and what retention deleted. */
export async function chainHeads(
  manager: EntityManager,
): Promise<Map<string, { seq: number; anchorSeq: number }>> {
  const heads = await manager.find(AuditHeadEntity, {
    select: ['category', 'seq', 'anchorSeq'],
    order: { category: 'ASC' },
  });
  return new Map(heads.map((h) => [h.category, { seq: h.seq, anchorSeq: h.anchorSeq }]));
}

/** The marks of these categories, a fresh one (nothing indexed) for a category seen the first time. */
export async function indexMarks(
  manager: EntityManager,
  categories: string[],
  now: Date,
): Promise<Map<string, AuditIndexMarkEntity>> {
  const fresh = categories.map((category) =>
    Object.assign(new AuditIndexMarkEntity(), {
      category,
      indexedSeq: 0,
      deletedThrough: 0,
      erasedAt: null,
      erasedSeq: 0,
      updatedAt: now.toISOString(),
    }),
  );
  await insertNew(manager, AuditIndexMarkEntity, fresh, 'category');
  const marks = await manager.find(AuditIndexMarkEntity, {
    where: { category: In(categories.length ? categories : ['']) },
  });
  return new Map(marks.map((m) => [m.category, m]));
}

/** Every stored mark, by category. */
export async function readMarks(manager: EntityManager): Promise<Map<string, AuditIndexMarkEntity>> {
  return new Map((await manager.find(AuditIndexMarkEntity)).map((m) => [m.category, m]));
}

/** A chain's next entries after the mark, in trail order. */
export function entriesAfter(
  manager: EntityManager,
  category: string,
  seq: number,
  limit: number,
): Promise<IndexableEntry[]> {
  return manager
    .getRepository(AuditEntryEntity)
    .createQueryBuilder('a')
    .select(INDEXED_COLUMNS.map((c) => `a.${c}`))
    .where('a.category = :category AND a.seq > :seq', { category, seq })
    .orderBy('a.seq', 'ASC')
    .take(limit)
    .getMany();
}

/** A chain's entries erased after the erasure cursor (erased at, seq), in that order. */
export function erasedAfter(
  manager: EntityManager,
  mark: AuditIndexMarkEntity,
  limit: number,
): Promise<IndexableEntry[]> {
  const qb = manager
    .getRepository(AuditEntryEntity)
    .createQueryBuilder('a')
    .select(INDEXED_COLUMNS.map((c) => `a.${c}`))
    .where('a.category = :category AND a.erased_at IS NOT NULL', { category: mark.category });
  if (mark.erasedAt !== null)
    qb.andWhere('(a.erased_at > :at OR (a.erased_at = :at AND a.seq > :seq))', {
      at: mark.erasedAt,
      seq: mark.erasedSeq,
    });
  return qb.orderBy('a.erased_at', 'ASC').addOrderBy('a.seq', 'ASC').take(limit).getMany();
}

/** Retries due now, oldest due first, with their entries as the trail holds them now (none: retention deleted it). */
export async function dueRetries(
  manager: EntityManager,
  now: Date,
  limit: number,
): Promise<{ retries: AuditIndexRetryEntity[]; entries: IndexableEntry[] }> {
  const retries = await manager.find(AuditIndexRetryEntity, {
    where: { nextAt: LessThanOrEqual(now.toISOString()) },
    order: { nextAt: 'ASC' },
    take: limit,
  });
  if (retries.length === 0) return { retries, entries: [] };
  const entries = await manager.find(AuditEntryEntity, {
    select: INDEXED_COLUMNS,
    where: { id: In(retries.map((r) => r.entryId)) },
  });
  return { retries, entries };
}

/** Retries of each category (part of its lag). */
export async function retryCounts(manager: EntityManager): Promise<Map<string, number>> {
  const rows = await manager
    .getRepository(AuditIndexRetryEntity)
    .createQueryBuilder('r')
    .select('r.category', 'category')
    .addSelect('COUNT(*)', 'count')
    .groupBy('r.category')
    .getRawMany<{ category: string; count: string | number }>();
  return new Map(rows.map((r) => [r.category, Number(r.count)]));
}

/**
 * Records what Elasticsearch said in the indexer's tables: an acknowledged entry leaves the
 * retries; a refused one is (again) due after a growing wait, its attempts counted.
 */
export async function recordOutcome(
  manager: EntityManager,
  entries: IndexableEntry[],
  outcome: BulkOutcome,
  now: Date,
  intervalMs: number,
): Promise<void> {
  if (outcome.acknowledged.size)
    await manager.delete(AuditIndexRetryEntity, { entryId: In([...outcome.acknowledged]) });
  if (outcome.refused.size === 0) return;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const existing = new Map(
    (await manager.find(AuditIndexRetryEntity, { where: { entryId: In([...outcome.refused.keys()]) } })).map(
      (r) => [r.entryId, r],
    ),
  );
  for (const [entryId, reason] of outcome.refused) {
    const entry = byId.get(entryId) as IndexableEntry;
    const attempts = (existing.get(entryId)?.attempts ?? 0) + 1;
    const row = Object.assign(new AuditIndexRetryEntity(), {
      entryId,
      category: entry.category,
      seq: entry.seq,
      attempts,
      nextAt: new Date(now.getTime() + retryDelayMs(attempts, intervalMs)).toISOString(),
      reason,
    });
    if (existing.has(entryId)) await manager.update(AuditIndexRetryEntity, { entryId }, row);
    else await manager.insert(AuditIndexRetryEntity, row);
  }
}

/** Retries of entries retention deleted (of a category up to a seq, or by id): there is nothing left to send. */
export async function dropRetries(
  manager: EntityManager,
  where: { category: string; throughSeq: number } | { entryIds: string[] },
): Promise<void> {
  if ('entryIds' in where) {
    if (where.entryIds.length) await manager.delete(AuditIndexRetryEntity, { entryId: In(where.entryIds) });
  } else
    await manager.delete(AuditIndexRetryEntity, {
      category: where.category,
      seq: LessThanOrEqual(where.throughSeq),
    });
}

export async function saveMark(manager: EntityManager, mark: AuditIndexMarkEntity, now: Date): Promise<void> {
  const { category, ...fields } = mark;
  await manager.update(AuditIndexMarkEntity, { category }, { ...fields, updatedAt: now.toISOString() });
}
