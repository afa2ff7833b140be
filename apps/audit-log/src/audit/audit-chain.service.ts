import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { OrgoError } from '@orgo/domain';
import { bufferUntilCommit, forUpdate, insertRows } from '@orgo/persistence';
import { type Clock, CLOCK, KEY_RING } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';
import type { EntityManager } from 'typeorm';

import { AUDIT_SETTINGS, type AuditSettings } from '../settings/audit-settings';
import { auditChainMetrics } from './audit-chain.metrics';
import {
  type ChainState,
  type CheckpointKind,
  checkpointDue,
  emptyState,
  signCheckpoint,
  signHead,
} from './audit-checkpoint';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AUDIT_CATEGORIES } from './audit-details';
import { AuditEntryEntity } from './audit-entry.entity';
import { GENESIS_HASH, type HashedFields, signEntry } from './audit-hash';
import { AuditHeadEntity } from './audit-head.entity';

/** An entry to append: everything but its place in the chain, which the chain gives it. */
export type NewAuditEntry = Omit<HashedFields, 'seq' | 'at' | 'prevHash'> & { correlationId: string };

/** A chain's appends of one transaction, written together before it commits. */
interface PendingChain {
  head: AuditHeadEntity;
  state: ChainState;
  checkpointNumber: number;
  checkpointMac: string;
  lastCheckpoint: { seq: number; at: string } | null;
  entries: AuditEntryEntity[];
  checkpoints: AuditCheckpointEntity[];
}

function stateOf(head: AuditHeadEntity): ChainState {
  const { category, seq, hash, count, anchorSeq, anchorHash, legacyUntil, at } = head;
  return { category, seq, hash, count, anchorSeq, anchorHash, legacyUntil, at };
}

/**
 * Writes the keyed chain (ADR 0007): each entry HMAC-signed with the active audit key, the
 * category's signed head in the same transaction, and a durable checkpoint every
 * `checkpoint_every` entries or `checkpoint_interval_ms`. Each head it reads or finds missing sets
 * `orgo_audit_chain_broken{category}` (0 or 1), so a chain that refuses to grow raises an alert.
 */
@Injectable()
export class AuditChainService {
  constructor(
    @Inject(KEY_RING) private readonly ring: KeyRing,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_SETTINGS) private readonly settings: AuditSettings,
  ) {
    // Every category's series exists from the start (inc by 0 keeps a 1 another instance set).
    for (const category of AUDIT_CATEGORIES) auditChainMetrics.broken.inc({ category }, 0);
  }

  /**
   * Appends one entry to its category's chain, in the caller's transaction. In a TransactionRunner's
   * transaction the entries of a batch are chained in memory from the head read (and locked) once,
   * then written with one INSERT, their checkpoints, and one head update just before the commit;
   * elsewhere each entry is written at once. The chain is the same either way.
   */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<AuditEntryEntity> {
    let chain = bufferUntilCommit<Map<string, PendingChain>>(
      manager,
      'audit.chain',
      () => new Map(),
      (chains) => this.write(manager, chains),
    );
    const direct = chain === null;
    chain ??= new Map();
    let pending = chain.get(entry.category);
    if (!pending) {
      pending = await this.pendingFor(manager, entry.category);
      chain.set(entry.category, pending);
    }
    const at = this.clock().toISOString();
    const { correlationId, ...rest } = entry;
    const fields: HashedFields = { ...rest, seq: pending.state.seq + 1, at, prevHash: pending.state.hash };
    const { keyId, hash } = signEntry(this.ring, fields);
    const row = Object.assign(new AuditEntryEntity(), {
      ...fields,
      correlationId,
      hash,
      keyId,
      erasedAt: null,
      erasureMac: null,
    });
    pending.entries.push(row);
    pending.state = { ...pending.state, seq: fields.seq, hash, count: pending.state.count + 1, at };
    if (
      checkpointDue(pending.state, pending.lastCheckpoint, {
        everyEntries: this.settings.checkpointEvery,
        intervalMs: this.settings.checkpointIntervalMs,
      })
    ) {
      const checkpoint = {
        ...pending.state,
        number: pending.checkpointNumber + 1,
        kind: 'periodic' as const,
        prevMac: pending.checkpointMac,
      };
      const signed = signCheckpoint(this.ring, checkpoint);
      pending.checkpoints.push(
        Object.assign(new AuditCheckpointEntity(), {
          id: randomUUID(),
          ...checkpoint,
          keyId: signed.keyId,
          mac: signed.mac,
        }),
      );
      pending.checkpointNumber = checkpoint.number;
      pending.checkpointMac = signed.mac;
      pending.lastCheckpoint = { seq: checkpoint.seq, at: checkpoint.at };
    }
    if (direct) await this.write(manager, chain);
    return row;
  }

  /** A category's chain as this transaction starts appending to it: its head, locked, and its newest checkpoint. */
  private async pendingFor(manager: EntityManager, category: string): Promise<PendingChain> {
    const head = await this.headFor(manager, category);
    const lastCheckpoint = head.checkpointNumber
      ? await manager.findOne(AuditCheckpointEntity, {
          where: { category, number: head.checkpointNumber },
          select: ['seq', 'at'],
        })
      : null;
    return {
      head,
      state: stateOf(head),
      checkpointNumber: head.checkpointNumber,
      checkpointMac: head.checkpointMac,
      lastCheckpoint,
      entries: [],
      checkpoints: [],
    };
  }

  /** Writes the buffered entries and checkpoints of each chain, then moves its signed head. */
  private async write(manager: EntityManager, chains: Map<string, PendingChain>): Promise<void> {
    for (const pending of chains.values()) {
      if (pending.entries.length === 0) continue;
      await insertRows(manager, AuditEntryEntity, pending.entries);
      if (pending.checkpoints.length > 0)
        await insertRows(manager, AuditCheckpointEntity, pending.checkpoints);
      const fields = {
        ...pending.state,
        checkpointNumber: pending.checkpointNumber,
        checkpointMac: pending.checkpointMac,
      };
      const { keyId, mac } = signHead(this.ring, fields);
      await manager.update(
        AuditHeadEntity,
        { category: pending.state.category },
        Object.assign(new AuditHeadEntity(), { ...fields, keyId, mac }),
      );
    }
  }

  /**
   * The category's head, locked until the transaction ends. A trail that has no heads at all (a new
   * database, or one from before the chain was keyed) gets them first; a trail that lost one head
   * refuses to grow, since a fresh head would sign whatever was done to it.
   */
  async headFor(manager: EntityManager, category: string): Promise<AuditHeadEntity> {
    const head = await manager.findOne(AuditHeadEntity, { where: { category }, ...forUpdate(manager) });
    if (head) return this.intact(category, head);
    if ((await manager.count(AuditHeadEntity)) === 0) {
      await this.adoptTrail(manager);
      return this.intact(
        category,
        (await manager.findOne(AuditHeadEntity, {
          where: { category },
          ...forUpdate(manager),
        })) as AuditHeadEntity,
      );
    }
    auditChainMetrics.broken.set({ category }, 1);
    throw new OrgoError(
      'AUDIT.HEAD_MISSING',
      `The signed head of the '${category}' audit chain is missing while other chains have theirs: the trail was tampered with. Run 'orgo audit verify' and restore the audit-log database from a backup; the message stays in the dead-letter queue until then.`,
      { category },
    );
  }

  /** A head that was found: its chain can grow (again). */
  private intact(category: string, head: AuditHeadEntity): AuditHeadEntity {
    auditChainMetrics.broken.set({ category }, 0);
    return head;
  }

  /**
   * Gives every category a head, once, when the trail has none: empty chains start at the genesis
   * hash; entries written before the chain was keyed (key id null) are adopted — an `adopted`
   * checkpoint signs their newest entry, and unkeyed entries are accepted up to it, never after.
   * Returns the categories adopted with their entry counts.
   */
  async adoptTrail(manager: EntityManager): Promise<Record<string, number>> {
    const adopted: Record<string, number> = {};
    if ((await manager.count(AuditHeadEntity)) > 0) return adopted;
    // Only a trail that was never keyed is adopted: keyed entries or checkpoints without heads mean
    // the heads were deleted, and adopting would sign whatever an attacker left.
    const keyed = await manager
      .createQueryBuilder(AuditEntryEntity, 'a')
      .where('a.key_id IS NOT NULL')
      .getCount();
    if (keyed > 0 || (await manager.count(AuditCheckpointEntity)) > 0) {
      for (const category of AUDIT_CATEGORIES) auditChainMetrics.broken.set({ category }, 1);
      throw new OrgoError(
        'AUDIT.HEAD_MISSING',
        "The audit trail's signed heads are missing although its entries were signed: the trail was tampered with. Run 'orgo audit verify' and restore the audit-log database from a backup; nothing is written to the trail until then.",
        { keyedEntries: keyed },
      );
    }
    const at = this.clock().toISOString();
    const categories = new Set<string>([...AUDIT_CATEGORIES]);
    const found = await manager
      .createQueryBuilder(AuditEntryEntity, 'a')
      .select('a.category', 'category')
      .distinct(true)
      .getRawMany<{ category: string }>();
    for (const row of found) categories.add(row.category);
    for (const category of categories) {
      const newest = await manager.findOne(AuditEntryEntity, {
        where: { category },
        order: { seq: 'DESC' },
        select: ['seq', 'hash'],
      });
      if (!newest) {
        await this.advance(manager, null, emptyState(category, at), null);
        continue;
      }
      const count = await manager.count(AuditEntryEntity, { where: { category } });
      const state: ChainState = {
        ...emptyState(category, at),
        seq: newest.seq,
        hash: newest.hash,
        count,
        legacyUntil: newest.seq,
      };
      await this.advance(manager, null, state, 'adopted');
      adopted[category] = count;
    }
    return adopted;
  }

  /** Moves a head to a new state, with a durable checkpoint of that state first when `kind` says so. */
  async advance(
    manager: EntityManager,
    head: AuditHeadEntity | null,
    state: ChainState,
    kind: CheckpointKind | null,
  ): Promise<void> {
    let checkpointNumber = head?.checkpointNumber ?? 0;
    let checkpointMac = head?.checkpointMac ?? GENESIS_HASH;
    if (kind) {
      const fields = { ...state, number: checkpointNumber + 1, kind, prevMac: checkpointMac };
      const { keyId, mac } = signCheckpoint(this.ring, fields);
      await insertRows(
        manager,
        AuditCheckpointEntity,
        Object.assign(new AuditCheckpointEntity(), { id: randomUUID(), ...fields, keyId, mac }),
      );
      checkpointNumber = fields.number;
      checkpointMac = mac;
    }
    const fields = { ...state, checkpointNumber, checkpointMac };
    const { keyId, mac } = signHead(this.ring, fields);
    const row = Object.assign(new AuditHeadEntity(), { ...fields, keyId, mac });
    if (head) await manager.update(AuditHeadEntity, { category: state.category }, row);
    else await insertRows(manager, AuditHeadEntity, row);
  }
}
