import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { loadConfig } from '@orgo/config';
import {
  ROUTING_KEYS,
  RPC,
  type TaskCreateCommandV1,
  type TaskEventsResultV1,
  type TaskListResultV1,
  type TaskSnapshotV1,
  type TaskTimelineEntryV1,
  createEnvelope,
} from '@orgo/contracts';

import { eventually } from './support/eventually';
import { InProcessServices } from './support/in-process-services';
import { ROOT, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'business-time', 'config');
/** Friday 27 November 2026, 17:55 in Toronto (EST, −05:00). */
const FRIDAY_1755 = '2026-11-27T22:55:00.000Z';
/** Monday 30 November 2026, 09:00 in Toronto. */
const monday = (hhmm: string, seconds = '00.000') => {
  const [h, m] = hhmm.split(':').map(Number);
  return `2026-11-30T${String(h + 5).padStart(2, '0')}:${String(m).padStart(2, '0')}:${seconds}Z`;
};

/**
 * SPEC §6 Business hours, across the task-service and the escalation-scheduler with a clock the test
 * sets: reactivity counts open time in the assigned position's calendar; on hold pauses the clock
 * and resuming restarts it with the time left; the warning comes at 80 %; under automation level
 * manual a due step warns the chain instead of reassigning.
 */
describe('business time', () => {
  let services: InProcessServices;
  const keys = new Map<string, string>();

  beforeAll(async () => {
    services = new InProcessServices(loadConfig(CONFIG, { env: {} }), tempDir('orgo-business-time-'), new Date(FRIDAY_1755));
    await services.start(['task-service', 'escalation-scheduler']);
  });

  afterAll(async () => {
    await services?.stop();
  });

  const create = async (name: string, organization: string, mailbox: string, action: TaskCreateCommandV1['action'] = { escalate_after: '10 minutes' }) => {
    const emailId = randomUUID();
    keys.set(name, emailId);
    const command: TaskCreateCommandV1 = {
      emailId,
      mailbox,
      messageId: `<${name}@members.example>`,
      title: `Broken: ${name}`,
      description: 'It stopped working.',
      reporter: 'member@members.example',
      matchedRules: [],
      action,
      defaults: {},
      attachments: [],
      receivedAt: services.clock().toISOString(),
    };
    services.publish(createEnvelope(ROUTING_KEYS.taskCreate, command, { producer: 'rule-engine', organizationId: organization, correlationId: emailId }));
  };
  const task = async (name: string): Promise<TaskSnapshotV1> => {
    const list = await services.rpc<TaskListResultV1>(RPC.taskList, { limit: 50, offset: 0, scope: null });
    const found = list.items.find((t) => t.source.email_id === keys.get(name));
    if (!found) throw new Error(`task ${name} not created`);
    return found;
  };
  const events = async (name: string): Promise<TaskTimelineEntryV1[]> =>
    (await services.rpc<TaskEventsResultV1>(RPC.taskEvents, { id: (await task(name)).id, scope: null })).items;
  const transition = (name: string, status: string) => async () =>
    services.rpc<TaskSnapshotV1>(RPC.taskTransition, { id: (await task(name)).id, status, actor: 'tech@office.example', reason: 'waiting for a part', scope: null });
  /** The escalation-scheduler's timer of a task, once it holds the task's current version. */
  const timerBooked = async (name: string) => {
    const current = await eventually(() => task(name).catch(() => undefined), (t) => t !== undefined, { what: `task ${name}` });
    const [row] = await eventually(
      () => services.query<{ status: string; due_at: string | null; task_version: number }>('escalation-scheduler', 'SELECT status, due_at, task_version FROM escalation_timers WHERE task_id = ?', [current!.id]),
      (rows) => rows[0]?.task_version === current!.version,
      { what: `the timer of ${name} at version ${current!.version}` },
    );
    return row;
  };
  const fireAt = async (at: string) => {
    services.setTime(at);
    await services.provider<{ fireDue(): Promise<unknown> }>('escalation-scheduler', 'timers/timer-firing.service', 'TimerFiringService').fireDue();
  };
  const escalatedTo = (name: string, level: number) => eventually(() => task(name), (t) => t.escalation.level === level, { what: `${name} at level ${level}` });

  it('counts a task created Friday 17:55 with 10 minutes in a Mon–Fri 9–18 calendar until Monday 09:05, warned at 80 %', async () => {
    await create('sink', 'office', 'repairs@office.example');
    await create('paused', 'office', 'repairs@office.example');
    await create('pager', 'office', 'oncall@office.example');
    const sink = await eventually(() => task('sink').catch(() => undefined), (t) => t !== undefined, { what: 'the sink task' });
    expect(sink?.escalation).toMatchObject({ level: 0, reactivity_ms: 600_000, next_due_at: monday('09:05'), warn_at: monday('09:03'), paused_remaining_ms: null, calendar: 'organization' });
    const routed = (await events('sink')).find((e) => e.type === 'routed');
    expect(routed?.data).toMatchObject({ calendar: 'organization', due_at: monday('09:05'), warn_at: monday('09:03') });
    expect(await timerBooked('sink')).toMatchObject({ status: 'pending', due_at: monday('09:05') });
  });

  it('counts round the clock for a position whose calendar is `always`, then in the next position’s calendar', async () => {
    const pager = await eventually(() => task('pager').catch(() => undefined), (t) => t !== undefined, { what: 'the pager task' });
    expect(pager?.escalation).toMatchObject({ next_due_at: '2026-11-27T23:05:00.000Z', calendar: null });
    await timerBooked('pager');
    await fireAt('2026-11-27T23:05:00.000Z');
    const escalated = await escalatedTo('pager', 1);
    // The head of operations works in the organization's hours: Friday 18:05 is closed, so the
    // next step counts from Monday 09:00.
    expect(escalated).toMatchObject({ assignee: { position: '11.Ops' }, status: 'escalated', escalation: { next_due_at: monday('09:10'), calendar: 'organization' } });
    const entry = (await events('pager')).find((e) => e.type === 'escalated');
    expect(entry?.data).toMatchObject({ from: '1001.Ops.Oncall', to: '11.Ops', calendar: 'organization', due_at: monday('09:10') });
    expect((await task('sink')).escalation.level).toBe(0);
  });

  it('pauses on hold for 3 minutes of business time and resumes with the time left, 3 minutes later', async () => {
    services.setTime(monday('09:01'));
    const held = await transition('paused', 'on_hold')();
    // 5 minutes were spent on Friday and 1 on Monday: 4 of the 10 are left.
    expect(held.escalation).toMatchObject({ next_due_at: null, warn_at: null, paused_remaining_ms: 240_000, calendar: 'organization' });
    expect(await timerBooked('paused')).toMatchObject({ status: 'cancelled' });
    services.setTime(monday('09:04'));
    const resumed = await transition('paused', 'pending')();
    // The warning comes when 8 of the 10 minutes are spent: 2 minutes after resuming.
    expect(resumed.escalation).toMatchObject({ next_due_at: monday('09:08'), warn_at: monday('09:06'), paused_remaining_ms: null });
    expect(await timerBooked('paused')).toMatchObject({ status: 'pending', due_at: monday('09:08') });
    const changes = (await events('paused')).filter((e) => e.type === 'status_changed');
    expect(changes.map((e) => e.data)).toEqual([
      expect.objectContaining({ from: 'pending', to: 'on_hold', paused_remaining_ms: 240_000 }),
      expect.objectContaining({ from: 'on_hold', to: 'pending', due_at: monday('09:08'), calendar: 'organization' }),
    ]);
  });

  it('escalates at Monday 09:05, not a moment before, and the paused task at 09:08', async () => {
    await fireAt(monday('09:04', '59.999'));
    expect(await timerBooked('sink')).toMatchObject({ status: 'pending' });
    expect((await task('sink')).escalation.level).toBe(0);

    await fireAt(monday('09:05'));
    const sink = await escalatedTo('sink', 1);
    expect(sink).toMatchObject({ assignee: { position: '101.Ops.Repairs' }, label: '101.11.Ops.Repairs', status: 'escalated' });
    expect(sink.escalation).toMatchObject({ next_due_at: monday('09:15'), warn_at: monday('09:13'), calendar: 'organization' });

    await fireAt(monday('09:07', '59.999'));
    expect(await timerBooked('paused')).toMatchObject({ status: 'pending', due_at: monday('09:08') });
    expect((await task('paused')).escalation.level).toBe(0);
    await fireAt(monday('09:08'));
    expect(await escalatedTo('paused', 1)).toMatchObject({ assignee: { position: '101.Ops.Repairs' } });
  });

  it('warns the chain instead of reassigning under automation level manual, and restarts the clock', async () => {
    services.setTime('2026-11-30T12:00:00.000Z');
    await create('board', 'club', 'chess@club.example', { escalate_after: '20 minutes' });
    // Manual: the task waits in triage with no clock until a person confirms its route.
    const waiting = await eventually(() => task('board').catch(() => undefined), (t) => t !== undefined, { what: 'the club task' });
    expect(waiting).toMatchObject({ assignee: { position: '101.Club.Desk' }, suggested_position: '1001.Club.Games', escalation: { next_due_at: null } });
    const confirmed = await services.rpc<TaskSnapshotV1>(RPC.taskTransition, { id: waiting!.id, assignee: { position: '1001.Club.Games' }, actor: 'desk@club.example', scope: null });
    // The club counts round the clock and warns at 50 %.
    expect(confirmed.escalation).toMatchObject({ level: 0, next_due_at: '2026-11-30T12:20:00.000Z', warn_at: '2026-11-30T12:10:00.000Z', calendar: null });
    await timerBooked('board');

    await fireAt('2026-11-30T12:20:00.000Z');
    const warned = await eventually(() => events('board'), (items) => items.some((e) => e.type === 'escalation_warning'), { what: 'the escalation warning' });
    expect(warned.find((e) => e.type === 'escalation_warning')).toMatchObject({
      actor: 'escalation-scheduler',
      data: {
        level: 0,
        positions: ['11.Club', '1'],
        recipients: ['secretary@club.example', 'deputy@club.example', 'president@club.example'],
        reason: 'reactivity_elapsed',
        automation_level: 'manual',
        next_warning_at: '2026-11-30T12:40:00.000Z',
      },
    });
    expect(warned.some((e) => e.type === 'escalated')).toBe(false);
    const board = await task('board');
    expect(board).toMatchObject({ assignee: { position: '1001.Club.Games' }, status: 'pending', escalation: { level: 0, next_due_at: '2026-11-30T12:40:00.000Z' } });
    expect(await timerBooked('board')).toMatchObject({ status: 'pending', due_at: '2026-11-30T12:40:00.000Z' });
  });
});
