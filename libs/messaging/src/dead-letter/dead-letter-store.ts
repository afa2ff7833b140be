import { randomUUID } from 'node:crypto';

import type { TransactionRunner } from '@orgo/persistence';

import type { DeadLetterSink } from '../bus/message-bus';
import { envelopeAtRest } from '../envelope-at-rest';
import { DeadLetterEntity } from './dead-letter.entity';

/** A dead-letter sink that stores each dead letter in the consuming service's own database. */
export function databaseDeadLetterSink(tx: TransactionRunner): DeadLetterSink {
  return (queue, envelope, error, attempts) =>
    tx.run(async (m) => {
      await m.insert(DeadLetterEntity, {
        id: randomUUID(),
        queue,
        routingKey: envelope.type,
        envelope: envelopeAtRest(m.connection, envelope),
        error: error.message,
        attempts,
        createdAt: new Date().toISOString(),
        replayedAt: null,
      });
    });
}
