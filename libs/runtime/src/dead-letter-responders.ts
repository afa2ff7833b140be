import { type DeadLetterV1, type RpcResult } from '@orgo/contracts';
import { DeadLetterEntity, type MessageBus, envelopeFromRest } from '@orgo/messaging';
import type { TransactionRunner } from '@orgo/persistence';

function toDeadLetter(tx: TransactionRunner, service: string, row: DeadLetterEntity): DeadLetterV1 {
  const envelope = envelopeFromRest(tx.dataSource, row.envelope);
  return {
    id: `${service}:${row.id}`,
    service,
    queue: row.queue,
    routing_key: row.routingKey,
    message_id: envelope.id,
    correlation_id: envelope.correlationId,
    error: row.error,
    attempts: row.attempts,
    created_at: row.createdAt,
    replayed_at: row.replayedAt,
  };
}

/** Lists a service's dead letters, newest first. */
export async function listDeadLetters(tx: TransactionRunner, service: string): Promise<RpcResult<{ service: string; items: DeadLetterV1[] }>> {
  const rows = await tx.read((m) => m.find(DeadLetterEntity, { order: { createdAt: 'DESC' }, take: 500 }));
  return { ok: true, value: { service, items: rows.map((r) => toDeadLetter(tx, service, r)) } };
}

/**
 * Replays a dead letter to the queue of the service that failed it (and only there). The inbox
 * makes a replay of an already handled message a no-op, so replaying twice processes it once.
 */
export async function replayDeadLetter(
  tx: TransactionRunner,
  bus: MessageBus,
  service: string,
  id: string,
): Promise<RpcResult<DeadLetterV1>> {
  const rowId = id.startsWith(`${service}:`) ? id.slice(service.length + 1) : id;
  const row = await tx.read((m) => m.findOne(DeadLetterEntity, { where: { id: rowId } }));
  if (!row) return { ok: false, error: { code: 'DLQ.NOT_FOUND', message: `No dead letter '${id}' in ${service}` } };
  const replayedAt = new Date().toISOString();
  await tx.run((m) => m.update(DeadLetterEntity, { id: row.id }, { replayedAt }));
  // Delivery is not awaited: the answer says the replay was queued; the message is handled as usual.
  void bus.sendToQueue(row.queue, envelopeFromRest(tx.dataSource, row.envelope)).catch(() => undefined);
  return { ok: true, value: toDeadLetter(tx, service, { ...row, replayedAt }) };
}
