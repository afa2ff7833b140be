import { type Envelope, envelopeProblems } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import type { TransactionRunner } from '@orgo/persistence';
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

/** Inside the caller's transaction: the message's effects and its inbox row, or `duplicate`. */
async function handleInTransaction(manager: EntityManager, consumer: string, envelope: Envelope, handle: OnceHandler): Promise<HandlerOutcome> {
  const seen = await manager.findOne(InboxMessageEntity, { where: { consumer, messageId: envelope.id } });
  if (seen) return 'duplicate';
  const outcome = await handle(envelope, manager);
  await manager.insert(InboxMessageEntity, {
    consumer,
    messageId: envelope.id,
    routingKey: envelope.type,
    outcome,
    processedAt: new Date().toISOString(),
  });
  return outcome;
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
  return tx.run((manager) => handleInTransaction(manager, consumer, envelope, (_e, m) => handle(m)));
}

/**
 * Runs several delivered messages in one transaction (one commit instead of one per message), each
 * exactly once. If the batch fails, nothing of it is committed and the caller handles the messages
 * one by one, so a single bad message only fails itself.
 */
export async function consumeBatchOnce(
  tx: TransactionRunner,
  consumer: string,
  envelopes: Envelope[],
  handle: OnceHandler,
): Promise<HandlerOutcome[]> {
  envelopes.forEach(assertWellFormed);
  return tx.run(async (manager) => {
    const outcomes: HandlerOutcome[] = [];
    for (const envelope of envelopes) outcomes.push(await handleInTransaction(manager, consumer, envelope, handle));
    return outcomes;
  });
}
