import { createHash } from 'node:crypto';
import path from 'node:path';

import { Inject, Injectable } from '@nestjs/common';
import {
  type Envelope,
  type NotificationSentV1,
  ORGO_AUTO_SUBMITTED,
  ORGO_MAIL_HEADERS,
  ROUTING_KEYS,
  type TaskEventV1,
  createEnvelope,
} from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { TemplateRenderer } from '@orgo/notifications';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { FileMailTransport } from './file-mail-transport';
import { NotificationEntity } from './notification.entity';

type Purpose = NotificationSentV1['purpose'] | 'escalation_ended';

/** One notification to send: to whom, for which position, and the seed of its stable id. */
interface Delivery {
  seed: string;
  position: string;
  to: string[];
  /** One recipient of a broadcast task: the task-service tracks its status. */
  broadcast: boolean;
}

const PURPOSE_BY_EVENT: Record<string, Purpose> = {
  created: 'assigned',
  escalated: 'escalated',
  escalation_ended: 'escalation_ended',
};

/** A stable UUID-shaped id from a seed, so a redelivered event yields the same notification. */
function stableId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Tells the holders of the assigned position about a new task, an escalation, or the end of a chain:
 * renders the templates, sends through the email transport (a file in `<home>/outbox/` in the
 * standalone shape), records the delivery and emits `notification.sent`.
 */
@Injectable()
export class NotificationService {
  private readonly renderer: TemplateRenderer;
  private readonly transport: FileMailTransport;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const { templateDirs } = context.config;
    this.renderer = new TemplateRenderer(templateDirs.organization, Object.values(templateDirs.domain));
    this.transport = new FileMailTransport(path.join(context.home, 'outbox'));
  }

  async handleTaskEvent(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const event = envelope.payload as TaskEventV1;
    const purpose = PURPOSE_BY_EVENT[event.event.type];
    if (!purpose) return 'skipped';
    const { task } = event;
    // A broadcast task (SPEC §3 broadcast levels) reaches every holder of its tier: one notification
    // per recipient, each tracked on its own; any other task, one notification to its position's holders.
    const deliveries: Delivery[] =
      task.broadcast && purpose === 'assigned'
        ? task.broadcast.recipients.map((r) => ({ seed: `${envelope.id}:${purpose}:email:${r.position}:${r.person}`, position: r.position, to: [r.person], broadcast: true }))
        : [{ seed: `${envelope.id}:${purpose}:email`, position: task.assignee.position, to: event.assigneeHolders, broadcast: false }];
    let processed = false;
    for (const delivery of deliveries) processed = (await this.deliver(envelope, event, purpose, delivery, manager)) || processed;
    return processed ? 'processed' : 'skipped';
  }

  /** Renders, sends and records one notification; false when it was recorded before (a redelivery). */
  private async deliver(envelope: Envelope, event: TaskEventV1, purpose: Purpose, delivery: Delivery, manager: EntityManager): Promise<boolean> {
    const id = stableId(delivery.seed);
    if (await manager.exists(NotificationEntity, { where: { id } })) return false;
    const { task } = event;
    const recipients = delivery.to;
    const now = this.clock().toISOString();
    const context = {
      task,
      organization: event.organizationName,
      position: delivery.position,
      previous: event.previous ?? { position: '', label: '' },
      event: event.event,
    };
    const subject = this.renderer.render(task.organization, 'email', purpose, 'subject', context);
    const text = this.renderer.render(task.organization, 'email', purpose, 'text', context);
    const row: NotificationEntity = {
      id,
      organization: task.organization,
      taskId: task.id,
      taskKey: task.key,
      purpose,
      channel: 'email',
      recipients,
      subject,
      status: 'queued',
      attempts: 0,
      file: null,
      error: null,
      createdAt: now,
      sentAt: null,
    };
    if (recipients.length === 0) {
      row.status = 'failed';
      row.error = `position ${delivery.position} has no holders to notify`;
      this.logger.error({ taskId: task.id, position: delivery.position }, 'notification has no recipients');
    } else {
      const mailbox = task.source.mailbox ?? `orgo@${task.organization}.invalid`;
      const stamp = envelope.occurredAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      row.file = await this.transport.send(
        {
          id,
          from: `"${event.organizationName} via Orgo" <${mailbox}>`,
          to: recipients,
          replyTo: mailbox,
          subject,
          text,
          messageId: `<orgo.${task.id}.${id}@orgo.local>`,
          // Loop protection (SPEC §6): responders leave auto-generated mail alone, and the parser
          // recognizes Orgo's own mail by its origin stamp if it comes back to a role address.
          headers: {
            [ORGO_MAIL_HEADERS.autoSubmitted]: ORGO_AUTO_SUBMITTED,
            [ORGO_MAIL_HEADERS.origin]: 'notifier',
            [ORGO_MAIL_HEADERS.task]: task.key,
            [ORGO_MAIL_HEADERS.label]: task.label,
          },
        },
        `${stamp}-${task.key}-${purpose}-${id.slice(0, 8)}`,
      );
      row.status = 'sent';
      row.attempts = 1;
      row.sentAt = this.clock().toISOString();
    }
    await manager.insert(NotificationEntity, row);
    const payload: NotificationSentV1 = {
      notificationId: id,
      taskId: task.id,
      taskKey: task.key,
      purpose: purpose === 'escalation_ended' ? 'escalated' : purpose,
      channel: 'email',
      recipients,
      subject,
      file: row.file,
      error: row.error,
      ...(delivery.broadcast ? { position: delivery.position } : {}),
    };
    const key = row.status === 'sent' ? ROUTING_KEYS.notificationSent : ROUTING_KEYS.notificationFailed;
    await addToOutbox(manager, createEnvelope(key, payload, { producer: 'notifier', organizationId: task.organization, cause: envelope }));
    this.logger.info({ taskId: task.id, key: task.key, purpose, recipients, status: row.status }, 'notification recorded');
    return true;
  }
}
