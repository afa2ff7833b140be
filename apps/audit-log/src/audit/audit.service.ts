import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_OUTCOMES_MAX, type AuditOutcomesQueryV1, type AuditOutcomesResultV1, type AuditVerifyQueryV1, type AuditVerifyResultV1, type Envelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { KEY_RING } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';
import type { EntityManager } from 'typeorm';

import { AuditChainService } from './audit-chain.service';
import { auditActor, auditCategory, auditDetails } from './audit-details';
import { AuditEntryEntity } from './audit-entry.entity';
import { verifyAuditSnapshot, verifyAuditTrail } from './audit-verification';

export interface AuditQuery {
  task_id?: string;
  email_id?: string;
  correlation_id?: string;
  category?: string;
  /** Routing key, `*` matching any run of characters (`task.*.created`). */
  action?: string;
  limit: number;
  offset: number;
  scope: string[] | null;
}

/** Appends every message on the bus to the keyed, hash-chained trail; lists and verifies it. */
@Injectable()
export class AuditService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly chain: AuditChainService,
    @Inject(KEY_RING) private readonly ring: KeyRing,
  ) {}

  async append(envelope: Envelope, manager: EntityManager): Promise<'processed'> {
    const { taskId, emailId, label, details } = auditDetails(envelope);
    await this.chain.append(manager, {
      id: envelope.id,
      category: auditCategory(envelope.type),
      organization: envelope.organizationId,
      action: envelope.type,
      actor: auditActor(envelope),
      messageId: envelope.id,
      correlationId: envelope.correlationId,
      taskId,
      emailId,
      label,
      details,
    });
    return 'processed';
  }

  list(query: AuditQuery): Promise<{ items: AuditEntryEntity[]; total: number }> {
    return this.tx.read(async (m) => {
      const qb = m.getRepository(AuditEntryEntity).createQueryBuilder('a');
      if (query.scope !== null) qb.andWhere('a.organization IN (:...scope)', { scope: query.scope.length ? query.scope : [''] });
      if (query.task_id) qb.andWhere('a.task_id = :taskId', { taskId: query.task_id });
      if (query.email_id) qb.andWhere('a.email_id = :emailId', { emailId: query.email_id });
      if (query.correlation_id) qb.andWhere('a.correlation_id = :cid', { cid: query.correlation_id });
      if (query.category) qb.andWhere('a.category = :category', { category: query.category });
      if (query.action) {
        // `*` matches anything; `%` and `_` (LIKE wildcards, `_` as in `reply_received`) match themselves.
        const pattern = query.action.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
        qb.andWhere("a.action LIKE :action ESCAPE '\\'", { action: pattern });
      }
      qb.orderBy('a.at', 'ASC').addOrderBy('a.seq', 'ASC').skip(query.offset).take(query.limit);
      const [items, total] = await qb.getManyAndCount();
      return { items, total };
    });
  }

  /** The outcome entries (task events, rejections, ignores) of emails, by correlation id, in trail order. */
  async outcomes(query: AuditOutcomesQueryV1): Promise<AuditOutcomesResultV1> {
    const ids = [...new Set(Array.isArray(query?.correlationIds) ? query.correlationIds.filter((id) => typeof id === 'string') : [])];
    if (ids.length > AUDIT_OUTCOMES_MAX) {
      throw new OrgoError('AUDIT.TOO_MANY_IDS', `rpc.audit.outcomes takes at most ${AUDIT_OUTCOMES_MAX} correlation ids, got ${ids.length}; ask in parts`, { retryable: false });
    }
    if (ids.length === 0) return { outcomes: {} };
    return this.tx.read(async (m) => {
      const rows = await m
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('a')
        .select(['a.correlationId', 'a.action', 'a.details'])
        .where('a.correlation_id IN (:...ids)', { ids })
        .andWhere("(a.action IN ('email.rejected', 'email.ignored') OR a.action LIKE 'task.%')")
        .orderBy('a.at', 'ASC')
        .addOrderBy('a.seq', 'ASC')
        .getMany();
      const outcomes: AuditOutcomesResultV1['outcomes'] = {};
      for (const row of rows) {
        const entry: { action: string; reason?: string; rule?: string } = { action: row.action };
        if (row.action === 'email.rejected') entry.reason = String(row.details?.reason ?? 'EMAIL.REJECTED');
        if (row.action === 'email.ignored') entry.rule = String(row.details?.rule ?? '');
        (outcomes[row.correlationId] ??= []).push(entry);
      }
      return { outcomes };
    });
  }

  /** Verifies every category's chain (or one), naming the first broken entry (ADR 0007). */
  verify(query: AuditVerifyQueryV1 = {}): Promise<AuditVerifyResultV1> {
    // SQLite: one connection, so the check waits its turn like a write; PostgreSQL: a snapshot of its own.
    if (this.tx.dataSource.options.type === 'postgres') return verifyAuditSnapshot(this.tx.dataSource, this.ring, query);
    return this.tx.run((m) => verifyAuditTrail(m, this.ring, query));
  }
}
