import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type Envelope, type TaskEventV1, type TaskSnapshotV1, createEnvelope } from '@orgo/contracts';
import { OutboxMessageEntity } from '@orgo/messaging';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type ServiceRuntime, serviceDataSourceOptions } from '@orgo/runtime';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import { ESCALATION_SCHEDULER_STORAGE } from '../escalation-scheduler.module';
import { DEFAULT_SCHEDULER_SETTINGS } from '../settings/scheduler-settings';
import { TrackedTaskEntity } from '../time-rules/tracked-task.entity';
import { EscalationTimerEntity } from './escalation-timer.entity';
import { TimerBookService } from './timer-book.service';
import { TimerFiringService } from './timer-firing.service';
import { timerMetrics, watchOverdueTimers } from './timer.metrics';
import { WarningTimerEntity } from './warning-timer.entity';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const logger = pino({ level: 'silent' });
const runtime = { flushOutbox: () => undefined } as unknown as ServiceRuntime;

function databases(): [string, () => DatabaseOptions][] {
  const schema = `sched_${process.pid}_${Date.now().toString(36)}`;
  return [
    [
      'SQLite',
      () => ({
        type: 'sqlite',
        path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-sched-')), 'scheduler.sqlite'),
      }),
    ],
    ['PostgreSQL', () => ({ type: 'postgres', url: POSTGRES_URL, schema })],
  ];
}

function snapshot(
  over: Omit<Partial<TaskSnapshotV1>, 'escalation'> & {
    escalation?: Partial<TaskSnapshotV1['escalation']>;
  } = {},
): TaskSnapshotV1 {
  const { escalation, ...rest } = over;
  return {
    id: '00000000-0000-4000-8000-000000000001',
    key: 'NS-1',
    organization: 'northside',
    type: 'maintenance',
    subtype: null,
    category: 8,
    subcategory: 1,
    label: '1001.81.Ops.Maintenance',
    title: 't',
    description: '',
    status: 'pending',
    priority: 'medium',
    severity: null,
    assignee: { position: '1001.Ops.Maintenance', person: null },
    suggested_position: null,
    reporter: 'r@example.org',
    sensitive: false,
    visibility: 'department',
    tags: [],
    metadata: {},
    escalation: {
      level: 0,
      chain: ['1001.Ops.Maintenance', '101.Ops.Maintenance'],
      reactivity_ms: 60_000,
      next_due_at: '2026-11-23T12:00:00.000Z',
      warn_at: '2026-11-23T11:59:48.000Z',
      paused_remaining_ms: null,
      calendar: null,
      ...escalation,
    },
    broadcast: null,
    source: { organization: null, email_id: null, mailbox: null, message_id: null, received_at: null },
    links: { merged_into: null, merged: [], split_from: null, split_into: [] },
    created_at: '2026-11-23T11:59:00.000Z',
    updated_at: '2026-11-23T11:59:00.000Z',
    version: 1,
    ...rest,
  };
}

const event = (task: TaskSnapshotV1): Envelope =>
  createEnvelope(
    `task.${task.type}.created`,
    {
      task,
      event: { id: 'e', type: 'created', at: task.updated_at, actor: 'x', data: {} },
      assigneeHolders: [],
      previous: null,
      organizationName: 'N',
    } satisfies TaskEventV1,
    {
      producer: 'task-service',
    },
  );

describe.each(databases())('escalation-scheduler timers on %s', (name, options) => {
  let dataSource: DataSource;
  let tx: TransactionRunner;
  let now = new Date('2026-11-23T11:59:00.000Z');
  const clock = () => now;

  beforeAll(async () => {
    dataSource = await openServiceDatabase(
      serviceDataSourceOptions('escalation-scheduler', options(), ESCALATION_SCHEDULER_STORAGE),
    );
    tx = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    if (name === 'PostgreSQL')
      await dataSource.query(
        `DROP SCHEMA IF EXISTS "${(dataSource.options as { schema: string }).schema}" CASCADE`,
      );
    await dataSource.destroy();
  });

  beforeEach(async () => {
    for (const entity of [EscalationTimerEntity, WarningTimerEntity, TrackedTaskEntity, OutboxMessageEntity])
      await dataSource.getRepository(entity).clear();
  });

  const firing = () => new TimerFiringService(tx, runtime, DEFAULT_SCHEDULER_SETTINGS, clock, logger);
  const outbox = async () =>
    (await dataSource.getRepository(OutboxMessageEntity).find()).map(
      (r) => JSON.parse(r.envelope) as Envelope<Record<string, unknown>>,
    );

  it('keeps the newest version of a task: escalation and warning timers, cancelled when done or on hold', async () => {
    const book = new TimerBookService(clock);
    const apply = (task: TaskSnapshotV1) => tx.run((m) => book.apply(event(task), m));
    expect(await apply(snapshot())).toMatchObject({
      outcome: 'processed',
      wakeAt: '2026-11-23T11:59:48.000Z',
    });
    expect(await apply(snapshot({ version: 1, status: 'completed' }))).toMatchObject({ outcome: 'skipped' });
    const timer = () =>
      dataSource.getRepository(EscalationTimerEntity).findOneByOrFail({ taskId: snapshot().id });
    const warning = () =>
      dataSource.getRepository(WarningTimerEntity).findOneByOrFail({ taskId: snapshot().id });
    expect(await timer()).toMatchObject({ status: 'pending', dueAt: '2026-11-23T12:00:00.000Z', level: 0 });
    expect(await warning()).toMatchObject({ status: 'pending', warnAt: '2026-11-23T11:59:48.000Z' });
    await apply(
      snapshot({
        version: 3,
        status: 'on_hold',
        escalation: { next_due_at: null, warn_at: null, paused_remaining_ms: 30_000 },
      }),
    );
    expect((await timer()).status).toBe('cancelled');
    expect((await warning()).status).toBe('cancelled');
    // An older event arriving late changes nothing.
    await apply(snapshot({ version: 2 }));
    expect((await timer()).status).toBe('cancelled');
    await apply(snapshot({ version: 4, status: 'in_progress' }));
    expect((await timer()).status).toBe('pending');
    await apply(snapshot({ version: 5, status: 'completed' }));
    expect((await timer()).status).toBe('cancelled');
    expect((await warning()).status).toBe('cancelled');
    expect(
      await dataSource.getRepository(TrackedTaskEntity).findOneByOrFail({ taskId: snapshot().id }),
    ).toMatchObject({ open: false, taskVersion: 5 });
  });

  it('books the events of one change once within a transaction, and a newer version after them', async () => {
    const book = new TimerBookService(clock);
    const statements: string[] = [];
    const outcomes = await tx.run(async (m) => {
      const query = m.query.bind(m);
      m.query = ((sql: string, parameters?: unknown[]) => (
        statements.push(sql),
        query(sql, parameters)
      )) as typeof m.query;
      try {
        const created = await book.apply(event(snapshot()), m);
        const routed = await book.apply(event(snapshot()), m);
        const older = await book.apply(event(snapshot({ version: 0 })), m);
        const newer = await book.apply(event(snapshot({ version: 2, status: 'completed' })), m);
        return [created.outcome, routed.outcome, older.outcome, newer.outcome];
      } finally {
        m.query = query;
      }
    });
    expect(outcomes).toEqual(['processed', 'skipped', 'skipped', 'processed']);
    // Three rows (escalation, warning, tracked task) for each version stored, nothing for the others.
    expect(statements.filter((sql) => sql.startsWith('INSERT'))).toHaveLength(6);
    expect(
      await dataSource.getRepository(EscalationTimerEntity).findOneByOrFail({ taskId: snapshot().id }),
    ).toMatchObject({ status: 'cancelled', taskVersion: 2 });
  });

  it('fires warnings then escalations once each, when due, and not again for an unrelated event', async () => {
    const book = new TimerBookService(clock);
    now = new Date('2026-11-23T11:59:00.000Z');
    await tx.run((m) => book.apply(event(snapshot()), m));
    const service = firing();
    try {
      expect(await service.fireDue()).toEqual({ escalations: 0, warnings: 0 });
      now = new Date('2026-11-23T11:59:48.500Z');
      expect(await service.fireDue()).toEqual({ escalations: 0, warnings: 1 });
      // A comment (a newer version, same level and moments) does not re-arm what fired.
      await tx.run((m) => book.apply(event(snapshot({ version: 2 })), m));
      now = new Date('2026-11-23T12:00:00.200Z');
      expect(await service.fireDue()).toEqual({ escalations: 1, warnings: 0 });
      expect(await service.fireDue()).toEqual({ escalations: 0, warnings: 0 });
      const sent = await outbox();
      expect(sent.map((e) => e.type)).toEqual(['command.task.warn', 'command.task.escalate']);
      expect(sent[0].payload).toMatchObject({
        taskId: snapshot().id,
        expectedLevel: 0,
        warnAt: '2026-11-23T11:59:48.000Z',
        dueAt: '2026-11-23T12:00:00.000Z',
      });
      expect(sent[1].payload).toMatchObject({
        taskId: snapshot().id,
        expectedLevel: 0,
        reason: 'reactivity_elapsed',
        dueAt: '2026-11-23T12:00:00.000Z',
      });
      // The escalation's event: the next step is due later.
      await tx.run((m) =>
        book.apply(
          event(
            snapshot({
              version: 3,
              status: 'escalated',
              escalation: {
                level: 1,
                next_due_at: '2026-11-23T12:01:00.200Z',
                warn_at: '2026-11-23T12:00:48.200Z',
              },
            }),
          ),
          m,
        ),
      );
      now = new Date('2026-11-23T12:01:01.000Z');
      expect(await service.fireDue()).toEqual({ escalations: 1, warnings: 1 });
    } finally {
      await service.onApplicationShutdown();
    }
  });

  it('exports the age of the oldest due and unfired timer of each kind from the store, its last reading while the store is away', async () => {
    const book = new TimerBookService(clock);
    now = new Date('2026-11-23T11:59:00.000Z');
    await tx.run((m) => book.apply(event(snapshot()), m));
    const ages = async () =>
      Object.fromEntries(
        (await timerMetrics.oldestOverdue.get()).values.map((v) => [v.labels.kind, v.value]),
      );
    const service = firing();
    const stop = watchOverdueTimers(() => service.oldestOverdue());
    try {
      expect(await ages()).toEqual({ escalation: 0, warning: 0 });
      // Due at 12:00:00 (escalation) and 11:59:48 (warning), not fired.
      now = new Date('2026-11-23T12:00:30.000Z');
      expect(await ages()).toEqual({ escalation: 30, warning: 42 });
      // The store cannot be read: the last reading stands, and its age keeps growing.
      jest.spyOn(tx, 'read').mockRejectedValueOnce(new Error('database away'));
      now = new Date('2026-11-23T12:01:00.000Z');
      expect(await ages()).toEqual({ escalation: 60, warning: 72 });
      expect(await service.fireDue()).toEqual({ escalations: 1, warnings: 1 });
      expect(await ages()).toEqual({ escalation: 0, warning: 0 });
    } finally {
      stop();
      await service.onApplicationShutdown();
    }
    expect(await ages()).toEqual({});
    // The running service registers itself, and stops at shutdown.
    const running = firing();
    running.onApplicationBootstrap();
    expect(await ages()).toEqual({ escalation: 0, warning: 0 });
    await running.onApplicationShutdown();
    expect(await ages()).toEqual({});
  });

  it('fires each of 3,000 due timers exactly once with two firing loops claiming at the same time', async () => {
    now = new Date('2026-11-23T12:00:00.000Z');
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      taskId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      organization: 'northside',
      taskType: 'maintenance',
      level: 0,
      dueAt: new Date(now.getTime() - 1000 + (i % 1000)).toISOString(),
      status: 'pending',
      taskVersion: 1,
      firedAt: null,
      updatedAt: now.toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 500)
      await dataSource.getRepository(EscalationTimerEntity).insert(rows.slice(i, i + 500));
    // Two replicas: their own connections (PostgreSQL) over one table.
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
    const a = firing();
    const b = new TimerFiringService(
      second === dataSource ? tx : new TransactionRunner(second),
      runtime,
      DEFAULT_SCHEDULER_SETTINGS,
      clock,
      logger,
    );
    try {
      const [fa, fb] = await Promise.all([a.fireDue(), b.fireDue()]);
      expect(fa.escalations + fb.escalations).toBe(3000);
      const commands = (await outbox()).filter((e) => e.type === 'command.task.escalate');
      expect(commands).toHaveLength(3000);
      expect(new Set(commands.map((e) => e.payload.taskId)).size).toBe(3000);
      expect(await dataSource.getRepository(EscalationTimerEntity).countBy({ status: 'fired' })).toBe(3000);
    } finally {
      await a.onApplicationShutdown();
      await b.onApplicationShutdown();
      if (second !== dataSource) await second.destroy();
    }
  });
});
