import type { Envelope } from '@orgo/contracts';
import type { EntityManager } from 'typeorm';

import { envelopeAtRest } from '../envelope-at-rest';
import { OutboxMessageEntity } from './outbox-message.entity';

/** Adds envelopes to the outbox inside the caller's transaction; the relay publishes them after commit. */
export async function addToOutbox(manager: EntityManager, ...envelopes: Envelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  const rows = envelopes.map((envelope) =>
    manager.create(OutboxMessageEntity, {
      id: envelope.id,
      routingKey: envelope.type,
      envelope: envelopeAtRest(manager.connection, envelope),
      createdAt: new Date().toISOString(),
      sentAt: null,
      attempts: 0,
      lastError: null,
      claimedUntil: null,
    }),
  );
  await manager.insert(OutboxMessageEntity, rows);
}
