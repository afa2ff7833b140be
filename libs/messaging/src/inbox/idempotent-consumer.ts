import { type Envelope, envelopeProblems } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { type TransactionRunner, chunksFor, plainSql } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import type { HandlerOutcome } from '../bus/message-bus';
import { InboxMessageEntity } from './inbox-message.entity';

export type OnceHandler = (envelope: Envelope, manager: EntityManager) => Promise<Exclude<HandlerOutcome, 'duplicate'>>;

function assertWellFormed(envelope: Envelope): void {
  const problems = envelopeProblems(envelope);
  if (problems.length > 0) {
    throw new OrgoError('BUS.MALFORMED', `Malformed message envelope: ${problems.join('; ')}`, { retryable: false });
  }
}

/**
 * Runs a handler exactly once per message id and consumer: the inbox row and the handler's effects
 * (including its outbox rows) commit in one transaction, so a redelivered message finds its inbox
 * row and is acknowledged as a duplicate without doing anything again.
 */
export async function consumeOnce(
  tx: TransactionRunner,
  consumer: string,
  envelope: Envelope,
  handle: (manager: EntityManager) => Promise<Exclude<HandlerOutcome, 'duplicate'>>,
): Promise<HandlerOutcome> {
  assertWellFormed(envelope);
  const [outcome] = await tx.run((manager) => handleAll(manager, consumer, [envelope], (_e, m) => handle(m)));
  return outcome;
}

/** The ids of `envelopes` this consumer has handled already: one query for a whole batch. */
async function alreadyHandled(manager: EntityManager, consumer: string, envelopes: Envelope[]): Promise<Set<string>> {
  const sql = plainSql(manager);
  const seen = new Set<string>();
  for (const chunk of chunksFor(envelopes, 1)) {
    const rows: { message_id: string }[] = await manager.query(
      `SELECT message_id FROM ${sql.table(InboxMessageEntity)} WHERE consumer = ${sql.list(1)} AND message_id IN (${sql.list(chunk.length, 1)})`,
      [consumer, ...chunk.map((e) => e.id)],
    );
    for (const row of rows) seen.add(row.message_id);
  }
  return seen;
}

/** The inbox rows of a batch in one multi-row INSERT (per chunk of parameters). */
async function recordHandled(manager: EntityManager, consumer: string, handled: { envelope: Envelope; outcome: HandlerOutcome }[]): Promise<void> {
  const sql = plainSql(manager);
  const processedAt = new Date().toISOString();
  for (const chunk of chunksFor(handled, 5)) {
    await manager.query(
      `INSERT INTO ${sql.table(InboxMessageEntity)} (consumer, message_id, routing_key, outcome, processed_at) VALUES ${sql.rows(chunk.length, 5)}`,
      chunk.flatMap(({ envelope, outcome }) => [consumer, envelope.id, envelope.type, outcome, processedAt]),
    );
  }
}

/**
 * Runs several delivered messages in one transaction (one commit instead of one per message), each
 * exactly once: one query finds the ones handled before, the others are handled in order and their
 * inbox rows written in one statement. A message delivered twice in one batch is handled once. If
 * the batch fails, nothing of it is committed and the caller handles the messages one by one, so a
 * single bad message only fails itself.
 */
export async function consumeBatchOnce(
  tx: TransactionRunner,
  consumer: string,
  envelopes: Envelope[],
  handle: OnceHandler,
): Promise<HandlerOutcome[]> {
  envelopes.forEach(assertWellFormed);
  return tx.run((manager) => handleAll(manager, consumer, envelopes, handle));
}

/** Inside the caller's transaction: each message's effects and its inbox row, or `duplicate`. */
async function handleAll(manager: EntityManager, consumer: string, envelopes: Envelope[], handle: OnceHandler): Promise<HandlerOutcome[]> {
  const seen = await alreadyHandled(manager, consumer, envelopes);
  const outcomes: HandlerOutcome[] = [];
  const handled: { envelope: Envelope; outcome: HandlerOutcome }[] = [];
  for (const envelope of envelopes) {
    if (seen.has(envelope.id)) {
      outcomes.push('duplicate');
      continue;
    }
    seen.add(envelope.id);
    const outcome = await handle(envelope, manager);
    outcomes.push(outcome);
    handled.push({ envelope, outcome });
  }
  if (handled.length > 0) await recordHandled(manager, consumer, handled);
  return outcomes;
}
