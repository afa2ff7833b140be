import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ROOT, type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

type Entry = { type: string; data: Record<string, any> };

/**
 * Time rules and pre-breach warnings end to end (standalone shape): the scheduler evaluates the
 * organization's `on: time` rules every second here (`time_rule_interval_ms`), sends each match once,
 * and the task-service records it and applies its action; a step with a short reactivity warns
 * its assignee at 80 % of the time, then escalates.
 */
describe('time rules and breach warnings', () => {
  let orgo: Standalone;
  let api: ApiClient;

  beforeAll(async () => {
    const config = tempDir('orgo-time-rules-config-');
    fs.cpSync(path.join(ROOT, 'bench', 'config'), config, { recursive: true });
    fs.writeFileSync(
      path.join(config, 'organizations', 'bench', 'rules', 'bench.yaml'),
      `metadata: { version: "1.0" }
rules:
  - name: drip
    condition: "subject contains 'drip'"
    action: { type: facilities, route_to: Ops.Repairs, priority: high, escalate_after: 8 seconds }
  - name: leak
    condition: "subject contains 'leak' and body contains 'water'"
    action: { type: maintenance, subtype: plumbing, category: 8, subcategory: 1, priority: high, escalate_after: 1 hour }
  - name: stale-leak
    on: time
    condition: "task.type == 'maintenance' and task.priority == 'high' and task_unresolved_time > '3 seconds'"
    action: { notify: [Ops.Repairs, regional.lead@corporate.example], priority: critical, escalate: true }
`,
    );
    fs.mkdirSync(path.join(config, 'services', 'escalation-scheduler'), { recursive: true });
    fs.writeFileSync(path.join(config, 'services', 'escalation-scheduler', 'scheduler.yaml'), 'metadata: { version: "1.0" }\ntime_rule_interval_ms: 1000\n');
    orgo = await startStandalone(config, tempDir('orgo-time-rules-'));
    api = new ApiClient(orgo.url);
    await api.login();
  }, 120_000);

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  async function taskFor(messageId: string) {
    const items = await eventually(
      async () => (await api.get('/api/v1/tasks?limit=50')).body.items as any[],
      (list) => list.some((t) => t.source.message_id?.includes(messageId)),
      { what: `the task of ${messageId}`, timeoutMs: 30_000 },
    );
    return items.find((t) => t.source.message_id.includes(messageId));
  }
  const events = async (id: string) => (await api.get(`/api/v1/tasks/${id}/events`)).body.items as Entry[];

  it('fires a time rule once: recorded with its resolved recipients, priority raised, escalated with reason time_rule', async () => {
    dropMail(orgo.home, 'repairs@bench.example', 'leak.eml', mail({ from: 'r@members.example', to: 'repairs@bench.example', subject: 'Water leak', body: 'water everywhere', id: 'leak@t.example' }));
    const task = await taskFor('leak@t.example');
    const timeline = await eventually(() => events(task.id), (list) => list.some((e) => e.type === 'escalated'), { what: 'the time rule escalation', timeoutMs: 30_000 });
    const fired = timeline.filter((e) => e.type === 'time_rule_fired');
    expect(fired).toHaveLength(1);
    expect(fired[0].data).toMatchObject({
      rule: 'stale-leak',
      condition: "task.type == 'maintenance' and task.priority == 'high' and task_unresolved_time > '3 seconds'",
      action: { notify: ['Ops.Repairs', 'regional.lead@corporate.example'], priority: 'critical', escalate: true },
      recipients: ['tech@bench.example', 'regional.lead@corporate.example'],
    });
    expect(timeline.find((e) => e.type === 'priority_changed')?.data).toMatchObject({ from: 'high', to: 'critical', reason: 'time_rule', rule: 'stale-leak' });
    expect(timeline.filter((e) => e.type === 'escalated').map((e) => [e.data.level, e.data.reason])).toEqual([[1, 'time_rule']]);
    // Later evaluations (every second) find the pair already fired, even though it still matches by time.
    await new Promise((r) => setTimeout(r, 3500));
    const after = await events(task.id);
    expect(after.filter((e) => e.type === 'time_rule_fired')).toHaveLength(1);
    expect((await api.get(`/api/v1/tasks/${task.id}`)).body).toMatchObject({ priority: 'critical', escalation: { level: 1 } });
  }, 60_000);

  it('warns the assignee before the breach, once, then escalates when the time is spent', async () => {
    dropMail(orgo.home, 'repairs@bench.example', 'drip.eml', mail({ from: 'r@members.example', to: 'repairs@bench.example', subject: 'A drip', body: 'drip drip', id: 'drip@t.example' }));
    const task = await taskFor('drip@t.example');
    expect(task.escalation.warn_at).not.toBeNull();
    const timeline = await eventually(() => events(task.id), (list) => list.some((e) => e.type === 'escalated'), { what: 'the escalation after 8 s', timeoutMs: 40_000 });
    const warnings = timeline.filter((e) => e.type === 'breach_warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].data).toMatchObject({ level: 0, position: task.assignee.position, due_at: task.escalation.next_due_at, warn_at: task.escalation.warn_at, recipients: ['tech@bench.example'] });
    const types = timeline.map((e) => e.type);
    expect(types.indexOf('breach_warning')).toBeLessThan(types.indexOf('escalated'));
    expect(timeline.find((e) => e.type === 'escalated')?.data).toMatchObject({ level: 1, reason: 'reactivity_elapsed' });
    expect(timeline.some((e) => e.type === 'time_rule_fired')).toBe(false);
  }, 60_000);
});
