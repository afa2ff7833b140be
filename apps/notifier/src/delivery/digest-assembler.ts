import { Inject, Injectable } from '@nestjs/common';
import { type NotificationChannel, type NotificationPurpose, ORGO_AUTO_SUBMITTED, ORGO_MAIL_HEADERS } from '@orgo/contracts';
import { type NotifierSettings, organizationBySlug } from '@orgo/config';
import { type DigestItem, TemplateRenderer } from '@orgo/notifications';
import { TransactionRunner, skipLocked } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';
import { type EntityManager, In } from 'typeorm';

import { NOTIFIER_SETTINGS } from '../notifier-settings.provider';
import { notificationMessageId, stableId } from '../notifications/notification-ids';
import { NotificationEntity } from '../notifications/notification.entity';
import { NotificationOutcomes } from './notification-outcomes';

const BATCH = 500;

/**
 * Hourly and daily digests (SPEC §6 per-person preferences): the notifications held for a digest
 * whose time has come become one `digest` notification per recipient and channel listing them;
 * each held one takes the digest's id and, once the digest is sent (or finally fails), its status.
 */
@Injectable()
export class DigestAssembler {

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outcomes: NotificationOutcomes,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(NOTIFIER_SETTINGS) private readonly settings: NotifierSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly renderer: TemplateRenderer,
  ) {}

  /** Queues a digest for every recipient and channel whose held notifications are due; returns how many. */
  async assembleDue(): Promise<number> {
    const failed: NotificationEntity[] = [];
    const made = await this.tx.run(async (m) => {
      const now = this.clock().toISOString();
      const query = m
        .createQueryBuilder(NotificationEntity, 'n')
        .where('n.status = :queued', { queued: 'queued' })
        .andWhere("n.held = 'digest'")
        .andWhere('n.digestId IS NULL')
        .andWhere('n.nextAttemptAt <= :now', { now })
        .orderBy('n.seq', 'ASC')
        .limit(BATCH);
      const due = await skipLocked(query).getMany();
      const groups = new Map<string, NotificationEntity[]>();
      for (const row of due) {
        const key = [row.organization, row.channel, row.recipient].join('\u0000');
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }
      let count = 0;
      for (const items of groups.values()) {
        const digest = this.digestFor(items, now);
        if (!digest) {
          failed.push(...(await this.failItems(m, items)));
          continue;
        }
        await m.insert(NotificationEntity, digest);
        await m.update(NotificationEntity, { seq: In(items.map((i) => i.seq)) }, { digestId: digest.id, nextAttemptAt: null });
        count++;
      }
      return count;
    });
    for (const row of failed) this.outcomes.alert(row);
    return made;
  }

  /** Gives the held notifications of a finished digest its outcome, and tells the rest of Orgo. */
  async settleItems(m: EntityManager, digest: NotificationEntity): Promise<void> {
    const items = await m.find(NotificationEntity, { where: { digestId: digest.id, status: 'queued' } });
    for (const item of items) {
      Object.assign(item, { status: digest.status, sentAt: digest.sentAt, lastError: digest.lastError, held: null, attempts: digest.attempts });
      await m.save(item);
      await this.outcomes.emit(m, item);
    }
  }

  /** The digest notification for one recipient and channel; null (logged) when its template fails. */
  private digestFor(items: NotificationEntity[], now: string): NotificationEntity | null {
    const first = items[0];
    const organization = organizationBySlug(this.context.config, first.organization);
    const list: DigestItem[] = items.map((i) => ({ key: i.taskKey ?? '', label: i.taskLabel ?? '', title: i.taskTitle ?? i.subject, purpose: i.purpose as NotificationPurpose, at: i.createdAt }));
    const id = stableId(`digest:${first.id}:${items.length}`);
    const context = {
      organization: organization?.name ?? first.organization,
      recipient: first.person,
      position: first.position ?? '',
      previous: { position: '', label: '' },
      event: { id, type: 'digest', at: now, actor: 'notifier', data: {} },
      due_at: null,
      items: list,
    };
    let message: { subject: string; body: string };
    try {
      message = this.renderer.renderMessage(first.organization, first.channel as NotificationChannel, 'digest', context);
    } catch (error) {
      for (const item of items) item.lastError = `the digest could not be rendered: ${(error as Error).message}`;
      this.logger.error({ err: error, organization: first.organization, recipient: first.recipient }, 'digest not rendered');
      return null;
    }
    const row = Object.assign(new NotificationEntity(), {
      ...first,
      id,
      taskId: null,
      taskKey: null,
      taskLabel: null,
      taskTitle: null,
      purpose: 'digest',
      position: null,
      subject: message.subject,
      body: message.body,
      html: null,
      attachments: null,
      reviewRunId: null,
      status: 'queued',
      held: null,
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      digestId: null,
      file: null,
      causeId: null,
      correlationId: null,
      createdAt: now,
      sentAt: null,
    });
    delete (row as Partial<NotificationEntity>).seq;
    if (first.channel === 'email') {
      const mailbox = first.mail?.replyTo ?? `orgo@${first.organization}.invalid`;
      row.mail = {
        from: this.settings.from ?? first.mail?.from ?? `"${context.organization} via Orgo" <${mailbox}>`,
        replyTo: mailbox,
        messageId: notificationMessageId(null, id),
        inReplyTo: null,
        headers: { [ORGO_MAIL_HEADERS.autoSubmitted]: ORGO_AUTO_SUBMITTED, [ORGO_MAIL_HEADERS.origin]: 'notifier' },
      };
    }
    return row;
  }

  private async failItems(m: EntityManager, items: NotificationEntity[]): Promise<NotificationEntity[]> {
    for (const item of items) {
      Object.assign(item, { status: 'failed', nextAttemptAt: null, held: null });
      await m.save(item);
      await this.outcomes.emit(m, item);
    }
    return items;
  }
}
