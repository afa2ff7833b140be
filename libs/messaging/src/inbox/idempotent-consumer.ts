import { type Envelope, envelopeProblems } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import type { TransactionRunner } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import type { HandlerOutcome } from '../bus/message-bus';
import { InboxMessageEntity } from './inbox-message.entity';

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
  const problems = envelopeProblems(envelope);
  if (problems.length > 0) {
    throw new OrgoError('BUS.MALFORMED', `Malformed message envelope: ${problems.join('; ')}`, { retryable: false });
  }
  return tx.run(async (manager) => {
    const seen = await manager.findOne(InboxMessageEntity, { where: { consumer, messageId: envelope.id } });
    if (seen) return 'duplicate';
    const outcome = await handle(manager);
    await manager.insert(InboxMessageEntity, {
      consumer,
      messageId: envelope.id,
      routingKey: envelope.type,
      outcome,
      processedAt: new Date().toISOString(),
    });
    return outcome;
  });
}
