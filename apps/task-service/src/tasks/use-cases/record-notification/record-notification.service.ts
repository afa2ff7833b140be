import { Inject, Injectable } from '@nestjs/common';
import { type Envelope, type NotificationSentV1, ROUTING_KEYS } from '@orgo/contracts';
import { type Clock, CLOCK } from '@orgo/runtime';
import { forUpdate } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import { TaskEntity } from '../../entities/task.entity';
import { updateTask } from '../../entities/update-task';
import { TaskTimeline } from '../../task-timeline';

/**
 * Tracks a broadcast task's deliveries (SPEC §3 broadcast levels): each `notification.broadcast.sent`
 * or `notification.broadcast.failed` (before those keys: `notification.sent|failed`) for one recipient of the tier sets that recipient's status on the task and
 * adds a `notified` entry to its timeline. Notifications of other tasks are the notifier's records only.
 */
@Injectable()
export class RecordNotificationService {
  constructor(
    private readonly timeline: TaskTimeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const sent = envelope.payload as NotificationSentV1;
    if (!sent.position || sent.recipients.length !== 1) return 'skipped';
    const task = await manager.findOne(TaskEntity, { where: { id: sent.taskId }, ...forUpdate(manager) });
    if (!task?.broadcast) return 'skipped';
    // SMTP, SMS and in-app deliveries leave no file: the routing key says how it went.
    const failed = envelope.type === ROUTING_KEYS.notificationBroadcastFailed || envelope.type === ROUTING_KEYS.notificationFailed;
    const status = failed || sent.error !== null ? 'failed' : 'sent';
    const recipient = task.broadcast.recipients.find((r) => r.position === sent.position && r.person === sent.recipients[0]);
    if (!recipient || recipient.notification === status) return 'skipped';
    recipient.notification = status;
    task.broadcast = { ...task.broadcast, recipients: [...task.broadcast.recipients] };
    task.updatedAt = this.clock().toISOString();
    task.version++;
    await updateTask(manager, task);
    await this.timeline.record(
      manager,
      task,
      [
        {
          type: 'notified',
          actor: 'notifier',
          data: { position: recipient.position, person: recipient.person, status, notification_id: sent.notificationId, channel: sent.channel, error: sent.error },
        },
      ],
      envelope,
    );
    return 'processed';
  }
}
