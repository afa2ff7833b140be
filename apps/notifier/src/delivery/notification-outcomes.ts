import { Inject, Injectable } from '@nestjs/common';
import { type NotificationChannel, type NotificationPurpose, type NotificationSentV1, ROUTING_KEYS, createEnvelope } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { LOGGER } from '@orgo/runtime';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';

import type { NotificationEntity } from '../notifications/notification.entity';

/** Final delivery failures (an alert each), by channel and purpose. */
export const notificationFailures = new Counter({
  name: 'orgo_notification_failures_total',
  help: 'Notifications that finally failed (retries spent or refused for good), by channel and purpose',
  labelNames: ['channel', 'purpose'] as const,
});

/** Notifications sent, by channel and purpose. */
export const notificationsSent = new Counter({
  name: 'orgo_notifications_sent_total',
  help: 'Notifications sent, by channel and purpose',
  labelNames: ['channel', 'purpose'] as const,
});

/**
 * What the rest of Orgo learns about a delivery: `notification.sent`, or `notification.failed` once
 * the failure is final (through the outbox, in the transaction that records it; the audit-log keeps
 * every one; a broadcast tier's deliveries, which name their `position`, go under
 * `notification.broadcast.*`, the only ones the task-service tracks), and for a final
 * failure an alert: an error log line naming the notification, task, recipient and last error,
 * and the `orgo_notification_failures_total` counter.
 */
@Injectable()
export class NotificationOutcomes {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async emit(manager: EntityManager, row: NotificationEntity): Promise<void> {
    const payload: NotificationSentV1 = {
      notificationId: row.id,
      taskId: row.taskId ?? '',
      taskKey: row.taskKey ?? '',
      purpose: row.purpose as NotificationPurpose,
      channel: row.channel as NotificationChannel,
      recipients: row.recipient ? [row.recipient] : [],
      subject: row.subject,
      file: row.file,
      error: row.status === 'failed' ? (row.lastError ?? 'failed') : null,
      attempts: row.attempts,
      ...(row.position ? { position: row.position } : {}),
    };
    const key = outcomeKey(row);
    const cause = row.causeId && row.correlationId ? { id: row.causeId, correlationId: row.correlationId } : undefined;
    await addToOutbox(manager, createEnvelope(key, payload, { producer: 'notifier', organizationId: row.organization, ...(cause ? { cause } : {}) }));
    if (row.status === 'sent') notificationsSent.inc({ channel: row.channel, purpose: row.purpose });
  }

  alert(row: NotificationEntity): void {
    notificationFailures.inc({ channel: row.channel, purpose: row.purpose });
    this.logger.error(
      { alert: 'notification_failed', notificationId: row.id, taskKey: row.taskKey, taskId: row.taskId, recipient: row.recipient, channel: row.channel, purpose: row.purpose, attempts: row.attempts, lastError: row.lastError },
      `ALERT notification ${row.id} (${row.purpose}, ${row.channel}) for task ${row.taskKey ?? '-'} to ${row.recipient || 'nobody'} failed after ${row.attempts} attempt(s): ${row.lastError}`,
    );
  }
}

/** The routing key of a delivery's outcome: broadcast tiers' deliveries have keys of their own. */
export function outcomeKey(row: Pick<NotificationEntity, 'status' | 'position'>): string {
  if (row.position) return row.status === 'sent' ? ROUTING_KEYS.notificationBroadcastSent : ROUTING_KEYS.notificationBroadcastFailed;
  return row.status === 'sent' ? ROUTING_KEYS.notificationSent : ROUTING_KEYS.notificationFailed;
}
