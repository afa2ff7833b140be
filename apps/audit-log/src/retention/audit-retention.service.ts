import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, KEY_RING, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';
import type { Logger } from 'pino';
import { In, LessThan, type EntityManager } from 'typeorm';

import { AuditChainService } from '../audit/audit-chain.service';
import { AUDIT_CATEGORIES } from '../audit/audit-details';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { signErasure } from '../audit/audit-hash';
import { AUDIT_SETTINGS, type AuditSettings } from '../settings/audit-settings';
import { type RetentionOf, retentionCounts, retentionCut, retentionPolicy } from './audit-retention-policy';

/** What one retention run did: entries deleted and erased per category and organization. */
export interface RetentionOutcome {
  deleted: Record<string, Record<string, number>>;
  erased: Record<string, Record<string, number>>;
}

/** The routing key of the system entry a retention run writes. Persisted. */
export const RETENTION_ACTION = 'system.audit.retention';

/**
 * Retention of the trail (SPEC §6, ADR 0007): every `retention_interval_ms`, entries older than
 * their category's and organization's retention are deleted for real — the oldest run of each chain,
 * the chain's anchor moving past it with a `retention` checkpoint in the same transaction — or, when
 * an entry that must stay comes before them, erased (content gone, links kept, erasure signed). The
 * counts are recorded as a `system.audit.retention` entry, never an identity.
 */
@Injectable()
export class AuditRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private interval?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly chain: AuditChainService,
    @Inject(KEY_RING) private readonly ring: KeyRing,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_SETTINGS) private readonly settings: AuditSettings,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adopted = await this.tx.run((m) => this.chain.adoptTrail(m)).catch((error: Error & { code?: string }) => {
      if (error.code === 'AUDIT.HEAD_MISSING') this.logger.error({ err: error }, 'ALERT audit trail tampered with: its signed heads are missing');
      // Otherwise another replica gave the trail its heads at the same moment.
      else this.logger.debug({ err: error }, 'audit heads written by another replica');
      return {};
    });
    if (Object.keys(adopted).length) this.logger.warn({ adopted }, 'unkeyed audit entries from before the keyed chain were adopted by a signed checkpoint (ADR 0007)');
    this.interval = setInterval(() => void this.runSoon(), this.settings.retentionIntervalMs);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.running;
  }

  /** Starts a run unless one is running. */
  runSoon(): Promise<unknown> {
    if (this.busy) return this.running;
    this.busy = true;
    this.running = this.run()
      .catch((error) => this.logger.error({ err: error }, 'audit retention failed; the next run tries again'))
      .finally(() => (this.busy = false));
    return this.running;
  }

  /** One retention run over every category; returns what it deleted and erased. */
  async run(): Promise<RetentionOutcome> {
    const now = this.clock();
    const retentionOf = retentionPolicy(this.context.config.organizations, this.settings);
    const outcome: RetentionOutcome = { deleted: {}, erased: {} };
    for (const category of AUDIT_CATEGORIES) await this.tx.run((m) => this.cutCategory(m, category, now, retentionOf, outcome));
    if (Object.keys(outcome.deleted).length || Object.keys(outcome.erased).length) {
      await this.tx.run((m) =>
        this.chain.append(m, {
          id: randomUUID(),
          category: 'system',
          organization: null,
          action: RETENTION_ACTION,
          actor: 'audit-log',
          messageId: randomUUID(),
          correlationId: randomUUID(),
          taskId: null,
          emailId: null,
          label: null,
          details: { at: now.toISOString(), ...outcome },
        }),
      );
      this.logger.info(outcome, 'audit retention deleted and erased entries past their retention');
    }
    return outcome;
  }

  private async cutCategory(manager: EntityManager, category: string, now: Date, retentionOf: RetentionOf, outcome: RetentionOutcome): Promise<void> {
    const head = await this.chain.headFor(manager, category);
    const candidates = await manager.find(AuditEntryEntity, {
      where: { category, at: LessThan(now.toISOString()) },
      order: { seq: 'ASC' },
      select: ['seq', 'at', 'organization', 'erasedAt', 'hash', 'id', 'action', 'prevHash'],
    });
    const cut = retentionCut(category, candidates, now, retentionOf, head.anchorSeq);
    if (cut.deleteThrough === null && !cut.erase.length) return;
    const erasedAt = now.toISOString();
    for (const e of candidates.filter((c) => cut.erase.includes(c.seq))) {
      const { keyId, mac } = signErasure(this.ring, { id: e.id, category, seq: e.seq, at: e.at, organization: e.organization, action: e.action, prevHash: e.prevHash, hash: e.hash, erasedAt });
      await manager.update(
        AuditEntryEntity,
        { category, seq: e.seq },
        { actor: '', taskId: null, emailId: null, label: null, details: {}, erasedAt, keyId, erasureMac: mac },
      );
    }
    let state = { category, seq: head.seq, hash: head.hash, count: head.count, anchorSeq: head.anchorSeq, anchorHash: head.anchorHash, legacyUntil: head.legacyUntil, at: erasedAt };
    if (cut.deleteThrough !== null) {
      const anchor = candidates.find((c) => c.seq === cut.deleteThrough) as AuditEntryEntity;
      const seqs = candidates.filter((c) => c.seq <= anchor.seq).map((c) => c.seq);
      for (let i = 0; i < seqs.length; i += 500) await manager.delete(AuditEntryEntity, { category, seq: In(seqs.slice(i, i + 500)) });
      state = { ...state, anchorSeq: anchor.seq, anchorHash: anchor.hash, count: head.seq - anchor.seq };
    }
    // The new anchor (and the erasures) are signed at once: a checkpoint at the deletion boundary.
    await this.chain.advance(manager, head, state, 'retention');
    retentionCounts(category, cut.deleted, outcome.deleted);
    retentionCounts(category, cut.erased, outcome.erased);
  }
}
