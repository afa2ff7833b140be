import { type Envelope, type TaskSnapshotV1 } from '@orgo/contracts';
import type { RuleFileSource } from '@orgo/config';
import { OutboxMessageEntity } from '@orgo/messaging';
import { type DatabaseOptions, TransactionRunner, insertRows, openServiceDatabase } from '@orgo/persistence';
import { compileRuleSet } from '@orgo/rules';
import { type RuleSetRegistry, type ServiceContext, type ServiceRuntime, serviceDataSourceOptions } from '@orgo/runtime';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import { ESCALATION_SCHEDULER_STORAGE } from '../escalation-scheduler.module';
import { DEFAULT_SCHEDULER_SETTINGS } from '../settings/scheduler-settings';
import { TimeRuleEvaluatorService } from './time-rule-evaluator.service';
import { TimeRuleFiringEntity } from './time-rule-firing.entity';
import { TrackedTaskEntity } from './tracked-task.entity';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const logger = pino({ level: 'silent' });
const runtime = { flushOutbox: () => undefined } as unknown as ServiceRuntime;

const rules: RuleFileSource[] = [
  {
    file: 'organizations/northside/rules/time.yaml',
    layer: 'organization',
    scope: 'northside',
    data: {
      metadata: { version: '1.0' },
      rules: [
        { name: 'stale-it', on: 'time', condition: "task.type == 'it' and task_unresolved_time > '4 hours'", action: { notify: 'regional_lead@corporate.example' } },
        { name: 'stale-high', on: 'time', condition: "task.priority == 'high' and task_unresolved_time > '1 hour'", action: { escalate: true, priority: 'critical' } },
      ],
    },
  } as RuleFileSource,
];
const set = compileRuleSet(rules, 'northside');
const registry = { forOrganization: () => set } as unknown as RuleSetRegistry;
const context = { config: { organizations: [{ slug: 'northside', type: 'school' }] } } as unknown as ServiceContext;

const task = (i: number, type: string, priority: string): TaskSnapshotV1 =>
  ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    organization: 'northside',
    type,
    priority,
    status: 'pending',
    escalation: { level: 0 },
    created_at: '2026-11-23T06:00:00.000Z',
    version: 1,
  }) as unknown as TaskSnapshotV1;

describe.each([
  ['SQLite', (): DatabaseOptions => ({ type: 'sqlite', path: ':memory:' })],
  ['PostgreSQL', (): DatabaseOptions => ({ type: 'postgres', url: POSTGRES_URL, schema: `rules_${process.pid}_${Date.now().toString(36)}` })],
])('time rules on %s', (name, options) => {
  let dataSource: DataSource;
  let now = new Date('2026-11-23T08:00:00.000Z');
  const clock = () => now;

  beforeAll(async () => {
    dataSource = await openServiceDatabase(serviceDataSourceOptions('escalation-scheduler', options(), ESCALATION_SCHEDULER_STORAGE));
    const tracked = [
      ...Array.from({ length: 600 }, (_, i) => task(i, 'it', i % 2 ? 'high' : 'low')),
      task(1000, 'hr', 'low'),
    ].map((snapshot) => ({ taskId: snapshot.id, organization: 'northside', open: true, taskVersion: 1, snapshot, updatedAt: now.toISOString() }));
    for (let i = 0; i < tracked.length; i += 200) await insertRows(dataSource.manager, TrackedTaskEntity, tracked.slice(i, i + 200));
    await dataSource.getRepository(TrackedTaskEntity).update({ taskId: task(0, 'it', 'low').id }, { open: false });
  });

  afterAll(async () => {
    if (name === 'PostgreSQL') await dataSource.query(`DROP SCHEMA IF EXISTS "${(dataSource.options as { schema: string }).schema}" CASCADE`);
    await dataSource.destroy();
  });

  // One runner per data source, as in a service (SQLite: one process, one transaction at a time).
  const runners = new Map<DataSource, TransactionRunner>();
  const runnerOf = (ds: DataSource) => runners.get(ds) ?? runners.set(ds, new TransactionRunner(ds)).get(ds)!;
  const evaluator = (ds: DataSource) => new TimeRuleEvaluatorService(registry, runnerOf(ds), runtime, context, DEFAULT_SCHEDULER_SETTINGS, clock, logger);
  const commands = async () => (await dataSource.getRepository(OutboxMessageEntity).find()).map((r) => JSON.parse(r.envelope) as Envelope<Record<string, unknown>>);

  it('fires each matching (task, rule) pair once, as time passes, even with two evaluators at the same moment', async () => {
    // Two hours in: only the high-priority rule holds (for the 300 high tasks).
    const second = name === 'PostgreSQL' ? await openServiceDatabase(serviceDataSourceOptions('escalation-scheduler', { ...(dataSource.options as unknown as DatabaseOptions) }, ESCALATION_SCHEDULER_STORAGE)) : dataSource;
    try {
      const [a, b] = await Promise.all([evaluator(dataSource).evaluateAll(), evaluator(second).evaluateAll()]);
      expect(a + b).toBe(300);
      // Five hours in: the IT rule holds for the 599 open IT tasks; the high-priority pairs already fired.
      now = new Date('2026-11-23T11:00:00.000Z');
      const [c, d] = await Promise.all([evaluator(dataSource).evaluateAll(), evaluator(second).evaluateAll()]);
      expect(c + d).toBe(599);
      expect(await evaluator(dataSource).evaluateAll()).toBe(0);
    } finally {
      if (second !== dataSource) await second.destroy();
    }
    const sent = (await commands()).filter((e) => e.type === 'command.task.time_rule');
    expect(sent).toHaveLength(899);
    expect(new Set(sent.map((e) => `${e.payload.taskId}/${e.payload.rule}`)).size).toBe(899);
    expect(await dataSource.getRepository(TimeRuleFiringEntity).count()).toBe(899);
    const high = sent.find((e) => e.payload.rule === 'stale-high');
    expect(high?.payload).toMatchObject({ condition: "task.priority == 'high' and task_unresolved_time > '1 hour'", action: { escalate: true, priority: 'critical' }, expectedLevel: 0 });
    expect(sent.find((e) => e.payload.rule === 'stale-it')?.payload.action).toEqual({ notify: ['regional_lead@corporate.example'] });
    // The closed task and the HR task never fired.
    expect(sent.some((e) => e.payload.taskId === task(0, 'it', 'low').id || e.payload.taskId === task(1000, 'hr', 'low').id)).toBe(false);
  });
});
