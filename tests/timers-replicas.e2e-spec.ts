import { ApiClient } from './support/api-client';
import { SERVICES, ServiceFleet } from './support/service-fleet';
import { tempDir } from './support/standalone-process';
import { patiently } from './support/patiently';
import { closeFleet, deadLetters, dropLeaks, escalationProblems, tasksOf, timerConfig } from './support/timer-fleet';

const TASKS = Number(process.env.TIMER_TASKS ?? 500);

/**
 * Two escalation-scheduler replicas over one database (SPEC §6: timers fire once even with several
 * replicas): they share the task events of their queue and both fire due timers, claiming rows with
 * FOR UPDATE SKIP LOCKED. Every step of every task happens exactly once.
 */
describe('escalation timers with two scheduler replicas (distributed shape)', () => {
  const fleet = new ServiceFleet(timerConfig(8), tempDir('orgo-timers-replicas-'));

  beforeAll(async () => {
    for (const service of SERVICES) await fleet.start(service);
    await fleet.start('escalation-scheduler', { replica: 'escalation-scheduler-2' });
  }, 5 * 60_000);

  afterAll(() => closeFleet(fleet), 120_000);

  it(`fires each timer of ${TASKS} tasks once`, async () => {
    const client = new ApiClient(fleet.apiUrl);
    await patiently(() => client.login());
    dropLeaks(fleet, 'replicas', TASKS);
    const tasks = await tasksOf(client, 'replicas', TASKS);
    const problems = await escalationProblems(client, tasks, 4 * 60_000);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(await deadLetters(client)).toBe(0);
    // Both replicas did part of the work (each process's own /metrics).
    const fired = async (name: string) => {
      const text = await (await fetch(`http://127.0.0.1:${fleet.ports.get(name)}/metrics`)).text();
      return Number(/^orgo_timers_fired_total\{kind="escalation"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    expect([(await fired('escalation-scheduler')) > 0, (await fired('escalation-scheduler-2')) > 0]).toEqual([true, true]);
  }, 10 * 60_000);
});
