import { ApiClient } from './support/api-client';
import { SERVICES, ServiceFleet } from './support/service-fleet';
import { tempDir } from './support/standalone-process';
import { patiently } from './support/patiently';
import { closeFleet, deadLetters, dropLeaks, escalationProblems, tasksOf, timerConfig } from './support/timer-fleet';

const TASKS = Number(process.env.TIMER_TASKS ?? 500);
const REACTIVITY_S = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Durable timers in the distributed shape (SPEC §6, issue 6): 500 tasks with a few seconds of
 * reactivity walk up their chains while the escalation-scheduler is SIGKILLed and restarted (its
 * timers are in its database, its task events wait in its queue), then, for a second batch, while
 * the task-service is SIGKILLed as the timers fire (their commands wait in its queue and are applied
 * once). Every step of every task happens exactly once.
 */
describe('escalation timers through restarts (distributed shape)', () => {
  const fleet = new ServiceFleet(timerConfig(REACTIVITY_S), tempDir('orgo-timers-restarts-'));
  const api = () => new ApiClient(fleet.apiUrl);

  beforeAll(async () => {
    for (const service of SERVICES) await fleet.start(service);
  }, 5 * 60_000);

  afterAll(() => closeFleet(fleet), 120_000);

  it(`escalates each of ${TASKS} tasks exactly once per step when the escalation-scheduler is killed with its timers pending`, async () => {
    const client = api();
    await patiently(() => client.login());
    dropLeaks(fleet, 'sched', TASKS);
    const tasks = await tasksOf(client, 'sched', TASKS);
    // Every timer is pending (the first ones are about to fire): the scheduler dies without warning.
    await fleet.kill('escalation-scheduler');
    await sleep(4000);
    await fleet.start('escalation-scheduler');
    const problems = await escalationProblems(client, tasks, 4 * 60_000);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(await deadLetters(client)).toBe(0);
  }, 10 * 60_000);

  it(`escalates each of ${TASKS} tasks exactly once per step when the task-service is killed while the timers fire`, async () => {
    const client = api();
    await patiently(() => client.login());
    dropLeaks(fleet, 'tasks', TASKS);
    const tasks = await tasksOf(client, 'tasks', TASKS);
    // The first step of the earliest tasks is due about now: commands are on their way.
    await sleep((REACTIVITY_S - 2) * 1000);
    await fleet.kill('task-service');
    await sleep(3000);
    await fleet.start('task-service');
    const problems = await escalationProblems(client, tasks, 4 * 60_000);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(await deadLetters(client)).toBe(0);
  }, 10 * 60_000);
});
