import { Inject, Injectable } from '@nestjs/common';
import {
  type Envelope,
  ORGO_AUTO_SUBMITTED,
  ORGO_MAIL_HEADERS,
  type ReviewCompletedV1,
} from '@orgo/contracts';
import { type NotifierSettings, organizationBySlug } from '@orgo/config';
import type { OrganizationModel } from '@orgo/domain';
import { type ReviewMailContext, TemplateRenderer } from '@orgo/notifications';
import { insertNew } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { DeliveryWorker } from '../delivery/delivery-worker.service';
import { NOTIFIER_SETTINGS } from '../notifier-settings.provider';
import { notificationMessageId, stableId } from './notification-ids';
import { NotificationEntity } from './notification.entity';

/** One person a report goes to and the position through which they receive it. */
interface ReportReader {
  person: string;
  position: string;
}

/** The people holding the report's positions, each once (the first position that names them). */
export function reportReaders(model: OrganizationModel, positions: string[]): ReportReader[] {
  const readers = new Map<string, ReportReader>();
  for (const position of positions) {
    for (const holder of model.positions.find((p) => p.id === position)?.holders ?? []) {
      const person = holder.toLowerCase();
      if (!readers.has(person)) readers.set(person, { person, position });
    }
  }
  return [...readers.values()];
}

/**
 * Mails a review run's report (`review.completed`) to the holders of its recipient positions
 * (leadership and the heads its patterns concern): one email per person, rendered from the
 * `review_report` templates as the text part, the report's HTML (inline SVG charts, no script) as
 * the HTML alternative and its JSON (`orgo.review/1`) attached. Email only, never held for quiet
 * hours or a digest: a report is read at leisure. A stable id per run and person queues nothing
 * twice when the event is delivered again.
 */
@Injectable()
export class ReviewReportService {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(NOTIFIER_SETTINGS) private readonly settings: NotifierSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly worker: DeliveryWorker,
    private readonly renderer: TemplateRenderer,
  ) {}

  async handleReviewCompleted(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const review = envelope.payload as ReviewCompletedV1;
    const model = organizationBySlug(this.context.config, review.organization);
    if (!model) {
      this.logger.warn(
        { organization: review.organization, runId: review.runId },
        `review report of ${review.organization} not mailed: the organization is no longer configured`,
      );
      return 'skipped';
    }
    const readers = reportReaders(model, review.recipients);
    if (readers.length === 0) {
      this.logger.warn(
        { organization: review.organization, runId: review.runId, positions: review.recipients },
        `review report ${review.runId} not mailed: positions ${review.recipients.join(', ') || '(none)'} have no holders`,
      );
      return 'skipped';
    }
    const now = this.clock().toISOString();
    const json = JSON.stringify(review.report, null, 2);
    const rows = readers.map((reader) => this.row(envelope, review, model, reader, json, now));
    const queued = await insertNew(manager, NotificationEntity, rows, 'id');
    if (queued.size === 0) return 'skipped';
    this.logger.info(
      { organization: review.organization, runId: review.runId, recipients: queued.size },
      'review report queued',
    );
    this.worker.wakeAfterCommit(manager);
    return 'processed';
  }

  private row(
    envelope: Envelope,
    review: ReviewCompletedV1,
    model: OrganizationModel,
    reader: ReportReader,
    json: string,
    now: string,
  ): NotificationEntity {
    const id = stableId(`review:${review.runId}:${reader.person}`);
    const context = {
      organization: model.name,
      position: reader.position,
      previous: { position: '', label: '' },
      event: { id: review.runId, type: 'review_completed', at: now, actor: 'escalation-scheduler', data: {} },
      recipient: reader.person,
      due_at: null,
      review: mailContext(review),
    };
    // A template error fails the event (redelivered, then dead-lettered with the error), never a mail.
    const { subject, body } = this.renderer.renderMessage(model.slug, 'email', 'review_report', context);
    const stamp = review.periodStart.slice(0, 10);
    return Object.assign(new NotificationEntity(), {
      id,
      organization: model.slug,
      taskId: null,
      taskKey: null,
      taskLabel: null,
      taskTitle: null,
      purpose: 'review_report',
      channel: 'email',
      recipient: reader.person,
      person: reader.person,
      position: null,
      subject,
      body,
      html: review.html,
      attachments: [
        {
          filename: `review-${model.slug}-${review.period}-${stamp}.json`,
          contentType: 'application/json',
          content: json,
        },
      ],
      reviewRunId: review.runId,
      mail: {
        from:
          this.settings.from ?? `"${model.name.replace(/"/g, "'")} via Orgo" <orgo@${model.slug}.invalid>`,
        replyTo: null,
        messageId: notificationMessageId(null, id, 'review'),
        inReplyTo: null,
        headers: {
          [ORGO_MAIL_HEADERS.autoSubmitted]: ORGO_AUTO_SUBMITTED,
          [ORGO_MAIL_HEADERS.origin]: 'notifier',
        },
      },
      status: 'queued',
      held: null,
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      digestId: null,
      file: null,
      causeId: envelope.id,
      correlationId: envelope.correlationId,
      createdAt: now,
      sentAt: null,
    } satisfies Omit<NotificationEntity, 'seq'>);
  }
}

/** What the report mail's templates get: the run's figures and its patterns, with what became of each. */
function mailContext(review: ReviewCompletedV1): ReviewMailContext {
  return {
    id: review.runId,
    period: review.period,
    period_start: review.periodStart,
    period_end: review.periodEnd,
    subject: review.subject,
    totals: review.report.totals,
    patterns: review.patterns.map((p) => {
      const outcome = review.outcomes.find((o) => o.cluster === p.cluster);
      return {
        cluster: p.cluster,
        shared: p.shared.join(', '),
        cases: p.cases.length,
        responsible: p.responsible,
        outcome: outcome?.outcome ?? 'reported',
        investigation: outcome?.investigation_id ?? null,
      };
    }),
  };
}
