import { Inject, Injectable } from '@nestjs/common';
import {
  type Envelope,
  type NotificationChannel,
  ORGO_AUTO_SUBMITTED,
  ORGO_MAIL_HEADERS,
  type TaskEventV1,
} from '@orgo/contracts';
import { type NotifierSettings, organizationBySlug } from '@orgo/config';
import type { OrganizationModel } from '@orgo/domain';
import { type EffectivePreferences, type NotificationContext, TemplateRenderer, attachmentLinks, deliveryTime, isUrgent } from '@orgo/notifications';
import { insertNew } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';
import { type EntityManager, In } from 'typeorm';

import { DeliveryWorker } from '../delivery/delivery-worker.service';
import { NotificationOutcomes } from '../delivery/notification-outcomes';
import { NOTIFIER_SETTINGS } from '../notifier-settings.provider';
import { preferencesOfAll } from '../preferences/preference-store';
import { notificationMessageId, stableId } from './notification-ids';
import { type Addressee, type EventPlan, planForEvent } from './notification-plan';
import { type MailHeaders, NotificationEntity } from './notification.entity';

/** A notification an event calls for, before it is rendered. */
interface Wanted {
  row: NotificationEntity;
  template: string;
  context: NotificationContext;
}

/**
 * Decides who gets what for a task event (inside the event's transaction) and queues one
 * notification per recipient and channel: rendered now (strictly: a template error fails the event,
 * never a mail), held for quiet hours or a digest per the person's preferences, with a stable id so
 * a redelivered event queues nothing twice. The delivery worker sends them once the transaction commits.
 */
@Injectable()
export class NotificationService {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(NOTIFIER_SETTINGS) private readonly settings: NotifierSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly worker: DeliveryWorker,
    private readonly outcomes: NotificationOutcomes,
    private readonly renderer: TemplateRenderer,
  ) {}

  async handleTaskEvent(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const event = envelope.payload as TaskEventV1;
    const { task } = event;
    const model = organizationBySlug(this.context.config, task.organization);
    const acknowledged =
      event.event.type === 'status_changed' && event.event.data?.to === 'completed'
        ? await manager.exists(NotificationEntity, { where: { taskId: task.id, purpose: 'acknowledgement', person: task.reporter.toLowerCase(), status: In(['queued', 'sent']) } })
        : false;
    let queued = 0;
    const plans = planForEvent(event, model, acknowledged);
    const people = plans.flatMap((p) => p.addressees.map((a) => a.person));
    const preferences = await preferencesOfAll(manager, task.organization, people, model);
    const wanted: Wanted[] = [];
    for (const plan of plans) {
      if (plan.addressees.length === 0) {
        queued += await this.recordNobody(envelope, event, plan, manager);
        continue;
      }
      for (const addressee of plan.addressees) wanted.push(...this.wantedFor(envelope, event, model, plan, addressee, preferences.get(addressee.person) as EffectivePreferences));
    }
    queued += await this.queueNew(manager, task.organization, wanted);
    if (queued === 0) return 'skipped';
    this.worker.wakeAfterCommit(manager);
    return 'processed';
  }

  /**
   * Queues the notifications not queued before (each has a stable id from the event, purpose,
   * channel and person, so a redelivered event queues nothing twice): each rendered once, one INSERT
   * for all that leaves out the ids already queued. Returns how many were queued.
   */
  private async queueNew(manager: EntityManager, organization: string, wanted: Wanted[]): Promise<number> {
    if (wanted.length === 0) return 0;
    const ids = wanted.map((w) => w.row.id);
    const fresh = wanted.filter((w, i) => ids.indexOf(w.row.id) === i);
    for (const { row, template, context } of fresh) {
      const { subject, body } = this.renderer.renderMessage(organization, row.channel as NotificationChannel, template, context);
      row.subject = subject;
      row.body = body;
    }
    return (await insertNew(manager, NotificationEntity, fresh.map((w) => w.row), 'id')).size;
  }

  /** The notifications one person is due for this event: one per channel they chose. */
  private wantedFor(
    envelope: Envelope,
    event: TaskEventV1,
    model: OrganizationModel | undefined,
    plan: EventPlan,
    addressee: Addressee,
    prefs: EffectivePreferences,
  ): Wanted[] {
    const { task } = event;
    const person = model?.people.find((p) => p.email.toLowerCase() === addressee.person);
    const now = this.clock();
    let channels: NotificationChannel[] = plan.emailOnly ? ['email'] : prefs.channels;
    if (channels.includes('sms') && !person?.phone) {
      channels = channels.filter((c) => c !== 'sms');
      this.logger.warn({ taskKey: task.key, person: addressee.person }, `no SMS for ${addressee.person}: the organization file gives no phone number for them${channels.length === 0 ? '; sent by email instead' : ''}`);
      if (channels.length === 0) channels = ['email'];
    }
    const when = plan.emailOnly
      ? { at: now, held: null }
      : deliveryTime(now, prefs, model?.timezone ?? this.context.config.base.timezone, isUrgent(event.task), { daily_at: this.settings.digestDailyAt });
    const context: NotificationContext = {
      task,
      organization: event.organizationName,
      position: addressee.about,
      previous: event.previous ?? { position: '', label: '' },
      event: event.event,
      recipient: addressee.person,
      due_at: task.escalation.next_due_at,
      attachments: attachmentLinks(task, this.context.config.base.public_url),
      ...(typeof event.event.data?.rule === 'string' ? { rule: event.event.data.rule } : {}),
    };
    return channels.map((channel) => {
      const id = stableId(`${envelope.id}:${plan.purpose}:${channel}:${addressee.position ?? ''}:${addressee.person}`);
      const row = this.row(envelope, event, plan, addressee, channel, id, '', '');
      row.recipient = channel === 'sms' ? (person?.phone ?? addressee.person) : addressee.person;
      // Nothing rings for an in-app notification: quiet hours do not hold it (a digest does).
      const held = channel === 'in_app' && when.held === 'quiet_hours' ? { at: now, held: null } : when;
      row.held = held.held;
      row.nextAttemptAt = held.at.toISOString();
      if (channel === 'email') row.mail = this.mailHeaders(event, plan, id);
      return { row, template: plan.template, context };
    });
  }

  /** Nobody to tell: recorded as a failed notification (and an alert), never silently dropped. */
  private async recordNobody(envelope: Envelope, event: TaskEventV1, plan: EventPlan, manager: EntityManager): Promise<number> {
    const reason = plan.nobodyBecause ?? 'nobody to notify';
    if (plan.emailOnly) {
      this.logger.info({ taskKey: event.task.key, purpose: plan.purpose }, `no ${plan.purpose} sent: ${reason}`);
      return 0;
    }
    const id = stableId(`${envelope.id}:${plan.purpose}:nobody`);
    if (await manager.exists(NotificationEntity, { where: { id } })) return 0;
    const row = this.row(envelope, event, plan, { person: '', position: null, about: event.task.assignee.position }, 'email', id, '', '');
    row.status = 'failed';
    row.lastError = reason;
    await manager.insert(NotificationEntity, row);
    await this.outcomes.emit(manager, row);
    this.outcomes.alert(row);
    return 1;
  }

  private row(envelope: Envelope, event: TaskEventV1, plan: EventPlan, addressee: Addressee, channel: NotificationChannel, id: string, subject: string, body: string): NotificationEntity {
    const { task } = event;
    return Object.assign(new NotificationEntity(), {
      id,
      organization: task.organization,
      taskId: task.id,
      taskKey: task.key,
      taskLabel: task.label,
      taskTitle: task.title,
      purpose: plan.purpose,
      channel,
      recipient: addressee.person,
      person: addressee.person,
      position: addressee.position,
      subject,
      body,
      html: null,
      attachments: null,
      reviewRunId: null,
      mail: null,
      status: 'queued',
      held: null,
      attempts: 0,
      nextAttemptAt: null,
      leaseUntil: null,
      lastError: null,
      digestId: null,
      file: null,
      causeId: envelope.id,
      correlationId: envelope.correlationId,
      createdAt: this.clock().toISOString(),
      sentAt: null,
    } satisfies Omit<NotificationEntity, 'seq'>);
  }

  /**
   * Sender, Reply-To (the role address the task came from, so replies come back to the task),
   * Message-ID and Orgo's stamps (SPEC §6 Mail hygiene); an acknowledgement answers the sender's
   * own message (In-Reply-To) and says it is an automatic reply.
   */
  private mailHeaders(event: TaskEventV1, plan: EventPlan, id: string): MailHeaders {
    const { task } = event;
    const mailbox = task.source.mailbox ?? `orgo@${task.organization}.invalid`;
    const acknowledgement = plan.purpose === 'acknowledgement';
    return {
      from: this.settings.from ?? `"${event.organizationName.replace(/"/g, "'")} via Orgo" <${mailbox}>`,
      replyTo: mailbox,
      messageId: notificationMessageId(task.id, id),
      inReplyTo: acknowledgement && task.source.message_id ? `<${task.source.message_id.replace(/^<|>$/g, '')}>` : null,
      headers: {
        [ORGO_MAIL_HEADERS.autoSubmitted]: acknowledgement ? 'auto-replied' : ORGO_AUTO_SUBMITTED,
        [ORGO_MAIL_HEADERS.origin]: 'notifier',
        [ORGO_MAIL_HEADERS.task]: task.key,
        [ORGO_MAIL_HEADERS.label]: task.label,
      },
    };
  }
}
