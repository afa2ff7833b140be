import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { readOutbox } from './support/outbox';
import { ADMIN, ROOT, type Standalone, dropMail, mail, runOrgo, startStandalone, tempDir } from './support/standalone-process';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/**
 * A message whose handler always fails (here: the organization's notification template is edited,
 * while Orgo runs, to name a placeholder that does not exist — at start the template check would
 * refuse it) is retried, then dead-lettered, while other mail keeps flowing. After the fix,
 * replaying it processes it once, however often it is replayed.
 */
describe('poison message: retries, dead letter, replay after the fix', () => {
  let orgo: Standalone;
  let api: ApiClient;
  const config = tempDir('orgo-poison-config-');
  const template = path.join(config, 'organizations', 'riverside', 'templates', 'email', 'assigned.text.njk');

  beforeAll(async () => {
    fs.cpSync(FIXTURE, config, { recursive: true });
    fs.mkdirSync(path.dirname(template), { recursive: true });
    fs.writeFileSync(template, 'New task {{ task.key }} for {{ position }}: {{ task.title }}\n');
    fs.mkdirSync(path.join(config, 'services', 'messaging'), { recursive: true });
    fs.writeFileSync(path.join(config, 'services', 'messaging', 'messaging.yaml'), 'metadata: { version: "1.0" }\nretry_delays: [100ms, 200ms]\n');
    orgo = await startStandalone(config, tempDir('orgo-poison-'));
    api = new ApiClient(orgo.url);
    await api.login();
    // Templates are read afresh for each notification: a broken edit reaches the running notifier.
    fs.writeFileSync(template, 'New task {{ task.key }} for {{ task.no_such_field }}\n');
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  it('dead-letters the failing notification after its retries while mail keeps becoming tasks; a replay after the fix sends it once', async () => {
    dropMail(orgo.home, 'hello@riverside.example', 'q.eml', mail({
      from: 'visitor@members.example', to: 'hello@riverside.example', subject: 'Opening hours?', body: 'Open on Sunday?', id: 'poison-q@members.example' }));
    const tasks = await eventually(async () => (await api.get('/api/v1/tasks')).body, (b) => b.total === 1, { what: 'the task' });
    const task = tasks.items[0];

    const dlq = await eventually(async () => (await api.get('/api/v1/dlq')).body, (b) => b.total >= 1, { what: 'a dead letter' });
    expect(dlq.unavailable).toEqual([]);
    expect(dlq.items).toHaveLength(1);
    const dead = dlq.items[0];
    expect(dead).toMatchObject({ service: 'notifier', queue: 'orgo.notifier', routing_key: 'task.general.created', attempts: 3, replayed_at: null });
    expect(dead.error).toMatch(/task\.no_such_field/);
    expect((await readOutbox(orgo.home)).filter((m) => m.subject.includes(task.key))).toEqual([]);

    // Other mail keeps flowing while the dead letter waits.
    dropMail(orgo.home, 'repairs@riverside.example', 'door.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'Door will not lock', body: 'Stuck.', id: 'poison-door@members.example' }));
    await eventually(async () => (await api.get('/api/v1/tasks')).body, (b) => b.total === 2, { what: 'the next task' });

    const listed = runOrgo(['dlq', 'list', '--url', orgo.url], { ORGO_ADMIN_EMAIL: ADMIN.email, ORGO_ADMIN_PASSWORD: ADMIN.password });
    expect(await listed.exited).toBe(0);
    expect(listed.output()).toContain(dead.id);

    fs.writeFileSync(template, 'New task {{ task.key }} for {{ position }}: {{ task.title }}\n');
    const replay = runOrgo(['dlq', 'replay', dead.id, '--url', orgo.url]);
    expect(await replay.exited).toBe(0);
    expect(replay.output()).toContain(`Replayed ${dead.id}`);
    await eventually(() => readOutbox(orgo.home), (m) => m.some((x) => x.subject.includes(task.key)), { what: 'the replayed notification' });
    expect((await api.request('POST', `/api/v1/dlq/${encodeURIComponent(dead.id)}/replay`)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    const sent = (await readOutbox(orgo.home)).filter((m) => m.subject.includes(task.key));
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain(`New task ${task.key} for 101.Front.Desk: Opening hours?`);
    expect((await api.request('POST', '/api/v1/dlq/notifier:00000000-0000-4000-8000-000000000000/replay')).status).toBe(404);
    expect((await api.request('POST', '/api/v1/dlq/garbage/replay')).status).toBe(404);
  });
});
