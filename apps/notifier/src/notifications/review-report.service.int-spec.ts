import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_NOTIFIER_SETTINGS } from '@orgo/config';
import { type ReviewCompletedV1, type ReviewReportV1, createEnvelope } from '@orgo/contracts';
import { BUILTIN_PROFILES, type OrganizationModel } from '@orgo/domain';
import { TemplateRenderer } from '@orgo/notifications';
import { TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { renderReviewHtml } from '@orgo/reviews';
import { type ServiceContext, serviceDataSourceOptions } from '@orgo/runtime';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import type { DeliveryWorker } from '../delivery/delivery-worker.service';
import { NOTIFIER_STORAGE } from '../notifier.module';
import { ChannelSender } from '../transports/channel-sender';
import { NotificationEntity } from './notification.entity';
import { ReviewReportService, reportReaders } from './review-report.service';

const logger = pino({ level: 'silent' });
const model = {
  slug: 'northside',
  name: 'Northside School',
  timezone: 'UTC',
  parameters: BUILTIN_PROFILES.advocacy_group,
  positions: [
    { id: '1', level: 1, role: null, title: 'Principal', holders: ['Principal@northside.example'] },
    {
      id: '11.Ops',
      level: 11,
      role: null,
      title: 'Head of operations',
      holders: ['ops@northside.example', 'principal@northside.example'],
    },
    {
      id: '1001.Ops.Maintenance',
      level: 1001,
      role: 'Ops.Maintenance',
      title: 'Technician',
      holders: ['tech@northside.example'],
    },
  ],
  people: [],
  roles: [],
} as unknown as OrganizationModel;

const report: ReviewReportV1 = {
  schema: 'orgo.review/1',
  organization: 'northside',
  period: {
    kind: 'month',
    start: '2026-02-01T00:00:00.000Z',
    end: '2026-03-01T00:00:00.000Z',
    timezone: 'UTC',
  },
  as_of: '2026-03-01T00:00:00.000Z',
  totals: { new: 5, resolved: 2, unresolved: 3, critical: 0, escalated: 1, stuck: 0 },
  new_cases: [],
  unresolved: [],
  critical: [],
  stuck: [],
  aggregates: {
    department: [],
    position: [],
    category: [],
    label: [],
    type: [],
    tag: [],
    location: [{ key: 'lobby', count: 4 }],
    equipment: [],
  },
  trend: [
    {
      start: '2026-02-01T00:00:00.000Z',
      end: '2026-02-08T00:00:00.000Z',
      created: 5,
      resolved: 2,
      escalated: 1,
      median_hours_to_resolve: 3,
    },
  ],
  rates: { escalation_rate: 0.2, resolution_rate: 0.4, median_hours_to_resolve: 3 },
  patterns: [
    {
      cluster: 'maintenance/slip_hazard/location:lobby',
      type: 'maintenance',
      subtype: 'slip_hazard',
      shared: ['location:lobby'],
      cases: [1, 2, 3].map((n) => ({
        id: `00000000-0000-4000-8000-00000000000${n}`,
        key: `NS-${n}`,
        title: n === 2 ? null : `Wet floor in the lobby ${n}`,
        type: 'maintenance',
        subtype: 'slip_hazard',
        label: '1001.81.Ops.Maintenance',
        status: 'pending',
        priority: 'high',
        severity: null,
        created_at: `2026-02-0${n}T09:00:00.000Z`,
      })),
      threshold: { count: 3, window: '30d' },
      crossed_at: '2026-02-03T09:00:00.000Z',
      responsible: '11.Ops',
    },
  ],
  effectiveness: [],
};

const completed = (): ReviewCompletedV1 => ({
  runId: '5d2a7c1e-9b3f-4e6a-8c0d-1f2e3a4b5c6d',
  organization: 'northside',
  period: 'month',
  periodStart: report.period.start,
  periodEnd: report.period.end,
  trigger: 'schedule',
  recipients: ['1', '11.Ops'],
  subject: '[Review · month 2026-02-01] Northside School: 1 pattern, 5 new',
  html: renderReviewHtml(report, { organizationName: 'Northside School' }),
  report,
  patterns: report.patterns,
  outcomes: [
    {
      cluster: 'maintenance/slip_hazard/location:lobby',
      outcome: 'opened',
      investigation_id: '8e4f1a2b-3c5d-4e6f-9a0b-1c2d3e4f5a6b',
    },
  ],
});

/** A review's report mailed to leadership and the heads concerned: queued once per person, sent with its HTML and JSON. */
describe('ReviewReportService (review report mails)', () => {
  let ds: DataSource;
  let tx: TransactionRunner;
  let home: string;
  let service: ReviewReportService;
  let context: ServiceContext;
  let wakes = 0;
  const now = new Date('2026-03-01T00:00:05.000Z');

  beforeEach(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-review-mail-'));
    ds = await openServiceDatabase(
      serviceDataSourceOptions(
        'notifier',
        { type: 'sqlite', path: path.join(home, 'notifier.sqlite') },
        NOTIFIER_STORAGE,
      ),
    );
    tx = new TransactionRunner(ds);
    context = {
      home,
      config: {
        organizations: [model],
        templateDirs: { organization: {}, domain: {} },
        base: { timezone: 'UTC' },
      },
    } as unknown as ServiceContext;
    const worker = { wakeAfterCommit: () => wakes++ } as unknown as DeliveryWorker;
    service = new ReviewReportService(
      context,
      DEFAULT_NOTIFIER_SETTINGS,
      () => now,
      logger,
      worker,
      new TemplateRenderer({}, []),
    );
  });

  afterEach(() => ds.destroy());

  const handle = (payload: ReviewCompletedV1) =>
    tx.run((m) =>
      service.handleReviewCompleted(
        createEnvelope('review.completed', payload, {
          producer: 'escalation-scheduler',
          organizationId: 'northside',
        }),
        m,
      ),
    );

  it('reads each holder of the recipient positions once, by the first position that names them', () => {
    expect(reportReaders(model, ['1', '11.Ops', 'missing'])).toEqual([
      { person: 'principal@northside.example', position: '1' },
      { person: 'ops@northside.example', position: '11.Ops' },
    ]);
  });

  it('queues one email per reader, once even when the event comes again, rendered from the review_report templates', async () => {
    const payload = completed();
    const envelope = createEnvelope('review.completed', payload, {
      producer: 'escalation-scheduler',
      organizationId: 'northside',
    });
    expect(await tx.run((m) => service.handleReviewCompleted(envelope, m))).toBe('processed');
    expect(await tx.run((m) => service.handleReviewCompleted(envelope, m))).toBe('skipped');
    const rows = await ds.manager.find(NotificationEntity, { order: { seq: 'ASC' } });
    expect(
      rows.map((r) => [r.person, r.channel, r.purpose, r.status, r.held, r.reviewRunId, r.taskId]),
    ).toEqual([
      ['principal@northside.example', 'email', 'review_report', 'queued', null, payload.runId, null],
      ['ops@northside.example', 'email', 'review_report', 'queued', null, payload.runId, null],
    ]);
    expect(rows[0].subject).toBe(payload.subject);
    expect(rows[0].body).toContain('The month review of Northside School is ready');
    expect(rows[0].body).toContain(
      'maintenance/slip_hazard/location:lobby: 3 cases sharing location:lobby, for 11.Ops: opened (8e4f1a2b-3c5d-4e6f-9a0b-1c2d3e4f5a6b)',
    );
    expect(rows[0].html).toBe(payload.html);
    expect(rows[0].attachments).toEqual([
      {
        filename: 'review-northside-month-2026-02-01.json',
        contentType: 'application/json',
        content: JSON.stringify(report, null, 2),
      },
    ]);
    expect(rows[0].mail?.messageId).toMatch(/^<orgo\.review\.[0-9a-f-]{36}@orgo\.local>$/);
    expect(rows[0].mail?.headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'X-Orgo-Origin': 'notifier',
    });
    expect(wakes).toBe(1);
  });

  it('says so and queues nothing when no position of the report has a holder', async () => {
    expect(await handle({ ...completed(), recipients: ['missing'] })).toBe('skipped');
    expect(await ds.manager.count(NotificationEntity)).toBe(0);
  });

  it('sends a mail whose HTML part holds the charts and whose attachment is the report JSON', async () => {
    await handle(completed());
    const [row] = await ds.manager.find(NotificationEntity, { order: { seq: 'ASC' } });
    const sender = new ChannelSender(
      context,
      { ...DEFAULT_NOTIFIER_SETTINGS, emailTransports: ['file'] },
      logger,
    );
    const { file } = await sender.send(row);
    expect(path.basename(file as string)).toMatch(/-review-review_report-[0-9a-f]{8}\.eml$/);
    const mail = await simpleParser(fs.readFileSync(file as string));
    expect(mail.subject).toBe(completed().subject);
    expect(mail.text).toContain("Patterns (similar cases that reached the organization's sensitivity):");
    expect(mail.html).toContain('<svg');
    expect(mail.html).not.toContain('<script');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['review-northside-month-2026-02-01.json', 'application/json'],
    ]);
    expect(JSON.parse(mail.attachments[0].content.toString('utf8'))).toEqual(report);
    sender.onApplicationShutdown();
  });
});
