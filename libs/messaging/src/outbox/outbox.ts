import type { Envelope } from '@orgo/contracts';
import { afterCommit, bufferUntilCommit, chunksFor, plainSql } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import { envelopeAtRest } from '../envelope-at-rest';
import { OutboxMessageEntity } from './outbox-message.entity';

/** An outbox row as written, with the envelope it holds. */
export interface OutboxEntry {
  row: OutboxMessageEntity;
  envelope: Envelope;
}

/**
 * Where a service's committed outbox rows go at once (its OutboxRelay): rows written in a
 * TransactionRunner's transaction are claimed by that relay as they are inserted and handed to it
 * after the commit, so it publishes them without reading them back.
 */
export interface OutboxHandOff {
  /** How long a handed-off row stays claimed (another relay takes it over after that). */
  claimMs: number;
  take(entries: OutboxEntry[]): void;
}

const handOffs = new WeakMap<object, OutboxHandOff>();

/** The relay of the database `dataSource` takes its committed rows directly (one relay per database). */
export function registerOutboxHandOff(dataSource: object, handOff: OutboxHandOff | null): void {
  if (handOff) handOffs.set(dataSource, handOff);
  else handOffs.delete(dataSource);
}

const COLUMNS = ['id', 'routing_key', 'envelope', 'created_at', 'sent_at', 'attempts', 'last_error', 'claimed_until'] as const;

async function writeOutbox(manager: EntityManager, entries: OutboxEntry[], handOff: OutboxHandOff | undefined): Promise<void> {
  const sql = plainSql(manager);
  if (handOff) {
    const claimedUntil = new Date(Date.now() + handOff.claimMs).toISOString();
    for (const { row } of entries) row.claimedUntil = claimedUntil;
  }
  for (const chunk of chunksFor(entries, COLUMNS.length)) {
    await manager.query(
      `INSERT INTO ${sql.table(OutboxMessageEntity)} (${COLUMNS.join(', ')}) VALUES ${sql.rows(chunk.length, COLUMNS.length)}`,
      chunk.flatMap(({ row }) => [row.id, row.routingKey, row.envelope, row.createdAt, row.sentAt, row.attempts, row.lastError, row.claimedUntil]),
    );
  }
  if (handOff) afterCommit(manager, () => handOff.take(entries));
}

/**
 * Adds envelopes to the outbox inside the caller's transaction; the relay publishes them after
 * commit. In a TransactionRunner's transaction the rows of the whole unit of work are written with
 * one INSERT just before it commits.
 */
export async function addToOutbox(manager: EntityManager, ...envelopes: Envelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  const createdAt = new Date().toISOString();
  const entries = envelopes.map((envelope) => ({
    envelope,
    row: Object.assign(new OutboxMessageEntity(), {
      id: envelope.id,
      routingKey: envelope.type,
      envelope: envelopeAtRest(manager.connection, envelope),
      createdAt,
      sentAt: null,
      attempts: 0,
      lastError: null,
      claimedUntil: null,
    }),
  }));
  const handOff = handOffs.get(manager.connection);
  const buffer = bufferUntilCommit<OutboxEntry[]>(manager, 'outbox', () => [], (all) => writeOutbox(manager, all, handOff));
  if (buffer) buffer.push(...entries);
  else await writeOutbox(manager, entries, undefined);
}
