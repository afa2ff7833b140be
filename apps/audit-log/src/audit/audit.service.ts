import { Inject, Injectable } from '@nestjs/common';
import type { Envelope } from '@orgo/contracts';
import { TransactionRunner, insertRows } from '@orgo/persistence';
import { type Clock, CLOCK } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { auditActor, auditCategory, auditDetails } from './audit-details';
import { AuditEntryEntity } from './audit-entry.entity';
import { GENESIS_HASH, findBrokenLink, hashEntry } from './audit-hash';

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

/** Appends every message on the bus to the hash-chained trail; lists and verifies it. */
@Injectable()
export class AuditService {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async append(envelope: Envelope, manager: EntityManager): Promise<'processed'> {
    const category = auditCategory(envelope.type);
    const last = await manager.findOne(AuditEntryEntity, { where: { category }, order: { seq: 'DESC' }, select: ['seq', 'hash'] });
    const { taskId, emailId, label, details } = auditDetails(envelope);
    const fields = {
      id: envelope.id,
      category,
      seq: (last?.seq ?? 0) + 1,
      at: this.clock().toISOString(),
      organization: envelope.organizationId,
      action: envelope.type,
      actor: auditActor(envelope),
      messageId: envelope.id,
      taskId,
      emailId,
      label,
      details,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await insertRows(manager, AuditEntryEntity, { ...fields, correlationId: envelope.correlationId, hash: hashEntry(fields) });
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

  /** Recomputes every category's chain; names the first broken entry. */
  verify(): Promise<{ ok: boolean; checked: number; broken: { category: string; id: string; seq: number; problem: string } | null }> {
    return this.tx.read(async (m) => {
      const rows = await m.find(AuditEntryEntity, { order: { category: 'ASC', seq: 'ASC' } });
      const byCategory = new Map<string, AuditEntryEntity[]>();
      for (const row of rows) byCategory.set(row.category, [...(byCategory.get(row.category) ?? []), row]);
      for (const [category, entries] of byCategory) {
        const broken = findBrokenLink(entries.map(({ correlationId: _c, ...e }) => e));
        if (broken) return { ok: false, checked: rows.length, broken: { category, id: broken.entry.id, seq: broken.entry.seq, problem: broken.problem } };
      }
      return { ok: true, checked: rows.length, broken: null };
    });
  }
}
