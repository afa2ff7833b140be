import type { Envelope, ReviewCompletedV1, TaskInvestigateCommandV1, TaskSnapshotV1 } from '@orgo/contracts';
import { BUILTIN_PROFILES, type OrganizationModel, type ProfileParameters } from '@orgo/domain';
import { OutboxMessageEntity } from '@orgo/messaging';
import { type DatabaseOptions, TransactionRunner, insertRows, openServiceDatabase } from '@orgo/persistence';
import { type ServiceContext, type ServiceRuntime, serviceDataSourceOptions } from '@orgo/runtime';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import { ESCALATION_SCHEDULER_STORAGE } from '../escalation-scheduler.module';
import { DEFAULT_SCHEDULER_SETTINGS } from '../settings/scheduler-settings';
import { TrackedTaskEntity } from '../time-rules/tracked-task.entity';
import { ReviewCalendarService } from './review-calendar.service';
import { ReviewRunEntity } from './review-run.entity';
import { ReviewRunnerService } from './review-runner.service';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const logger = pino({ level: 'silent' });
const runtime = { flushOutbox: () => undefined } as unknown as ServiceRuntime;

function organization(slug: string, parameters: Partial<ProfileParameters>): OrganizationModel {
  const position = (id: string, level: number, role: string | null, holder: string) => ({
    id,
    level,
    role,
    title: id,
    holders: [holder],
  });
  return {
    slug,
    name: `School ${slug}`,
    type: 'school',
    timezone: 'America/Toronto',
    profile: 'advocacy_group',
    parameters: { ...BUILTIN_PROFILES.advocacy_group, ...parameters },
    parameterSources: {} as OrganizationModel['parameterSources'],
    triage: '101.Admin.Office',
    positions: [
      position('1', 1, null, `principal@${slug}.example`),
      position('11.Ops', 11, 'Ops', `ops.head@${slug}.example`),
      position('101.Ops.Maintenance', 101, 'Ops.Maintenance', `jane@${slug}.example`),
      position('1001.Ops.Maintenance', 1001, 'Ops.Maintenance', `bob@${slug}.example`),
      position('101.Admin.Office', 101, 'Admin.Office', `office@${slug}.example`),
    ],
    roles: [
      { id: 'Ops.Maintenance', addresses: [`maintenance@${slug}.example`], entry: '1001.Ops.Maintenance' },
    ],
    people: [],
    file: `organizations/${slug}/organization.yaml`,
  } as unknown as OrganizationModel;
}

let serial = 0;
function snapshot(org: string, at: string, location: string, subtype = 'slip'): TaskSnapshotV1 {
  serial++;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    key: `T-${serial}`,
    organization: org,
    type: 'maintenance',
    subtype,
    category: 1,
    subcategory: 1,
    label: '1001.11.Ops.Maintenance',
    title: `Wet floor near the ${location}`,
    description: `Someone slipped; the floor near the ${location} is wet again.`,
    status: 'pending',
    priority: 'medium',
    severity: null,
    assignee: { position: '1001.Ops.Maintenance', person: null },
    suggested_position: null,
    reporter: `staff${serial}@${org}.example`,
    sensitive: false,
    visibility: 'department',
    tags: [`location:${location}`],
    metadata: {},
    escalation: {
      level: 0,
      chain: ['1001.Ops.Maintenance', '101.Ops.Maintenance', '11.Ops', '1'],
      reactivity_ms: 86_400_000,
      next_due_at: null,
      warn_at: null,
      paused_remaining_ms: null,
      calendar: null,
    },
    broadcast: null,
    source: { organization: null, email_id: null, mailbox: null, message_id: null, received_at: null },
    links: { merged_into: null, merged: [], split_from: null, split_into: [] },
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

describe.each([
  ['SQLite', (): DatabaseOptions => ({ type: 'sqlite', path: ':memory:' })],
  [
    'PostgreSQL',
    (): DatabaseOptions => ({
      type: 'postgres',
      url: POSTGRES_URL,
      schema: `reviews_${process.pid}_${Date.now().toString(36)}`,
    }),
  ],
])('reviews on %s', (name, options) => {
  let dataSource: DataSource;
  let now = new Date('2026-11-30T12:00:00.000Z');
  const clock = () => now;
  const organizations = [
    organization('auto', {
      automation_level: 'automatic',
      pattern_sensitivity: { count: 3, window: '30d' },
      review_frequency: 'weekly',
    }),
    organization('assist', {
      automation_level: 'assisted',
      pattern_sensitivity: { count: 3, window: '30d' },
      review_frequency: 'weekly',
    }),
    organization('hand', {
      automation_level: 'manual',
      pattern_sensitivity: { count: 3, window: '30d' },
      review_frequency: 'weekly',
    }),
  ];
  const context = { config: { organizations } } as unknown as ServiceContext;
  const runners = new Map<DataSource, TransactionRunner>();
  const tx = (ds: DataSource) => runners.get(ds) ?? runners.set(ds, new TransactionRunner(ds)).get(ds)!;
  const runner = (ds: DataSource) => new ReviewRunnerService(tx(ds), runtime, context, clock, logger);
  const calendar = (ds: DataSource) =>
    new ReviewCalendarService(runner(ds), tx(ds), context, DEFAULT_SCHEDULER_SETTINGS, clock, logger);
  const outbox = async () =>
    (await dataSource.getRepository(OutboxMessageEntity).find({ order: { id: 'ASC' } })).map(
      (r) => JSON.parse(r.envelope) as Envelope<unknown>,
    );
  const track = (snapshots: TaskSnapshotV1[]) =>
    insertRows(
      dataSource.manager,
      TrackedTaskEntity,
      snapshots.map((s) => ({
        taskId: s.id,
        organization: s.organization,
        open: true,
        taskVersion: s.version,
        snapshot: s,
        updatedAt: s.updated_at,
      })),
    );

  beforeAll(async () => {
    dataSource = await openServiceDatabase(
      serviceDataSourceOptions('escalation-scheduler', options(), ESCALATION_SCHEDULER_STORAGE),
    );
    // Three wet floors in the lobby within the week of 2026-11-23 (Toronto), noise in three other places.
    for (const org of ['auto', 'assist', 'hand']) {
      await track([
        snapshot(org, '2026-11-23T15:00:00.000Z', 'lobby'),
        snapshot(org, '2026-11-25T15:00:00.000Z', 'lobby'),
        snapshot(org, '2026-11-27T15:00:00.000Z', 'lobby'),
        snapshot(org, '2026-11-24T15:00:00.000Z', 'gym'),
        snapshot(org, '2026-11-26T15:00:00.000Z', 'cafeteria'),
        snapshot(org, '2026-11-28T15:00:00.000Z', 'room-102'),
      ]);
    }
  });

  afterAll(async () => {
    if (name === 'PostgreSQL')
      await dataSource.query(
        `DROP SCHEMA IF EXISTS "${(dataSource.options as { schema: string }).schema}" CASCADE`,
      );
    await dataSource.destroy();
  });

  it('opens, proposes or only reports the lobby pattern by automation level, never the noise', async () => {
    const runs = await Promise.all(
      ['auto', 'assist', 'hand'].map((org) =>
        runner(dataSource).run({
          organization: org,
          kind: 'week',
          at: now,
          trigger: 'manual',
          actor: 'admin@example.org',
        }),
      ),
    );
    for (const run of runs) {
      expect(run.period_start).toBe('2026-11-23T05:00:00.000Z');
      expect(run.period_end).toBe('2026-11-30T05:00:00.000Z');
      expect(run.report.patterns.map((p) => p.cluster)).toEqual(['maintenance/slip/location:lobby']);
      expect(run.report.patterns[0].responsible).toBe('11.Ops');
      expect(run.report.totals.new).toBe(6);
    }
    expect(runs.map((r) => r.outcomes[0].outcome)).toEqual(['opened', 'proposed', 'reported']);
    const sent = await outbox();
    const investigations = sent.filter((e) => e.type === 'command.task.investigate');
    expect(
      investigations.map((e) => [
        e.organizationId,
        (e.payload as TaskInvestigateCommandV1).mode,
        (e.payload as TaskInvestigateCommandV1).routeTo,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['auto', 'open', '11.Ops'],
        ['assist', 'propose', '11.Ops'],
      ]),
    );
    expect(investigations).toHaveLength(2);
    expect((investigations[0].payload as TaskInvestigateCommandV1).caseIds).toHaveLength(3);
    const completed = sent
      .filter((e) => e.type === 'review.completed')
      .map((e) => e.payload as ReviewCompletedV1);
    expect(completed).toHaveLength(3);
    expect(completed[0].recipients).toEqual(['1', '11.Ops']);
    expect(completed[0].html).toContain('<svg');
    // No reporter on the wire.
    expect(JSON.stringify(completed)).not.toMatch(/staff\d+@/);
  });

  it('never opens a second investigation while one is open; a new case joins it', async () => {
    expect(
      (
        await runner(dataSource).run({
          organization: 'auto',
          kind: 'week',
          at: now,
          trigger: 'manual',
          actor: 'admin@example.org',
        })
      ).outcomes[0].outcome,
    ).toBe('already_open');
    await track([snapshot('auto', '2026-12-01T15:00:00.000Z', 'lobby')]);
    now = new Date('2026-12-07T12:00:00.000Z');
    const run = await runner(dataSource).run({
      organization: 'auto',
      kind: 'week',
      at: now,
      trigger: 'manual',
      actor: 'admin@example.org',
    });
    expect(run.outcomes).toEqual([
      { cluster: 'maintenance/slip/location:lobby', outcome: 'joined', investigation_id: expect.any(String) },
    ]);
    const sent = await outbox();
    expect(
      sent.filter((e) => e.type === 'command.task.investigate' && e.organizationId === 'auto'),
    ).toHaveLength(1);
    const joins = sent.filter((e) => e.type === 'command.task.investigation_join');
    expect(joins).toHaveLength(1);
    expect((joins[0].payload as { caseIds: string[] }).caseIds).toHaveLength(1);
  });

  it('runs each scheduled period once with two schedulers at once, and catches up once after downtime', async () => {
    const second =
      name === 'PostgreSQL'
        ? await openServiceDatabase(
            serviceDataSourceOptions(
              'escalation-scheduler',
              { ...(dataSource.options as unknown as DatabaseOptions) },
              ESCALATION_SCHEDULER_STORAGE,
            ),
          )
        : dataSource;
    try {
      now = new Date('2026-12-08T12:00:00.000Z');
      await Promise.all([calendar(dataSource).checkAll(), calendar(second).checkAll()]);
      const scheduled = () =>
        dataSource
          .getRepository(ReviewRunEntity)
          .find({ where: { trigger: 'schedule' }, order: { organization: 'ASC', periodStart: 'ASC' } });
      expect((await scheduled()).map((r) => [r.organization, r.periodStart])).toEqual([
        ['assist', '2026-11-30T05:00:00.000Z'],
        ['auto', '2026-11-30T05:00:00.000Z'],
        ['hand', '2026-11-30T05:00:00.000Z'],
      ]);
      // Down over two boundaries: one run, of the latest period.
      now = new Date('2026-12-22T12:00:00.000Z');
      await calendar(second).checkAll();
      await calendar(dataSource).checkAll();
      expect((await scheduled()).filter((r) => r.organization === 'auto').map((r) => r.periodStart)).toEqual([
        '2026-11-30T05:00:00.000Z',
        '2026-12-14T05:00:00.000Z',
      ]);
    } finally {
      if (second !== dataSource) await second.destroy();
    }
  });
});
