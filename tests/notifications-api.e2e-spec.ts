import fs from 'node:fs';
import path from 'node:path';

import { EventStreamReader } from '@orgo/testing';

import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import { eventually } from './support/eventually';
import type { RunningShape } from './support/pipeline-suite';
import { dropMail, mail, standaloneShape, tempDir } from './support/standalone-process';

/** A technician who wants in-app notifications too, and the lead who sits above them. */
const HANA = { email: 'handy1@riverside.example', password: 'Riverside-Handy-2026' };
const LEO = { email: 'lead@riverside.example', password: 'Riverside-Lead-2026' };

/**
 * The Riverside fixture with Hana (a holder of 1001.Facilities.Repairs) and Leo (the repairs lead,
 * told too: the profile's notification scope is the department) asking for in-app notifications,
 * and a rule whose tasks escalate only after an hour (so that nothing but the assignment is told).
 */
function config(): string {
  const dir = tempDir('orgo-notifications-api-');
  fs.cpSync(path.join(__dirname, 'fixtures', 'riverside', 'config'), dir, { recursive: true });
  const org = path.join(dir, 'organizations', 'riverside', 'organization.yaml');
  fs.writeFileSync(
    org,
    fs
      .readFileSync(org, 'utf8')
      .replace('people:\n', 'people:\n  - { email: handy1@riverside.example, name: Hana Handy, notify: { channels: [email, in_app], digest: immediate } }\n')
      .replace('  - { email: lead@riverside.example, name: Leo Lead }', '  - { email: lead@riverside.example, name: Leo Lead, notify: { channels: [email, in_app] } }'),
  );
  fs.writeFileSync(
    path.join(dir, 'organizations', 'riverside', 'rules', 'zz-squeaks.yaml'),
    `metadata: { version: "1.0" }
rules:
  - name: squeaky-door
    priority: 100
    condition: "subject contains 'squeak'"
    action: { type: facilities, subtype: door, category: 8, subcategory: 1, route_to: Facilities.Repairs, escalate_after: 1h }
`,
  );
  return dir;
}

const door = (n: number) =>
  mail({ from: 'visitor@members.example', to: 'repairs@riverside.example', subject: `Door ${n} squeaks`, body: 'It squeaks loudly.', id: `notif-api-door-${n}@members.example` });

/**
 * SPEC §6, §7: in-app notifications reach the dashboard over Server-Sent Events, the notification
 * list shows each person their own (an administrator anyone's), and people set their preferences —
 * through the public API, as a browser and a person use it; in one process (SQLite, in-process bus)
 * and across processes (the API polls the notifier over RabbitMQ RPC).
 */
describe.each([
  ['standalone', standaloneShape],
  ['distributed', startDistributed],
])('notifications API (%s)', (_shape, start) => {
  let orgo: RunningShape;
  const home = tempDir('orgo-notifications-api-home-');
  let admin: ApiClient;
  let hana: ApiClient;
  let leo: ApiClient;
  const streams: EventStreamReader[] = [];
  const stream = async (query: string, headers: Record<string, string> = {}) => {
    const reader = await EventStreamReader.open(`${orgo.url}/api/v1/events/stream${query}`, headers);
    streams.push(reader);
    return reader;
  };
  let first: { id: string; task_id: string; task_key: string };

  beforeAll(async () => {
    orgo = await start(config(), home);
    admin = new ApiClient(orgo.url);
    await admin.login();
    for (const person of [HANA, LEO]) {
      expect((await admin.request('POST', '/api/v1/users', { ...person, organizations: ['riverside'] })).status).toBe(201);
    }
    hana = new ApiClient(orgo.url);
    await hana.login(HANA);
    leo = new ApiClient(orgo.url);
    await leo.login(LEO);
  });

  afterAll(async () => {
    for (const reader of streams) reader.close();
    await orgo?.stop();
  });

  it('streams a new task’s in-app notification to the person who asked for in-app (EventSource style: token in the query)', async () => {
    const sse = await stream(`?access_token=${encodeURIComponent(hana.token!)}`);
    expect(sse.response.status).toBe(200);
    expect(sse.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await sse.next()).toMatchObject({ comment: 'connected' });

    dropMail(home, 'repairs@riverside.example', 'door-1.eml', door(1));
    const event = await sse.next((m) => m.event === 'notification', 30_000);
    const notification = JSON.parse(event.data!);
    expect(notification).toMatchObject({ channel: 'in_app', recipient: HANA.email, organization: 'riverside', purpose: 'assigned', task_key: expect.stringMatching(/^[A-Z]+-\d+$/) });
    expect(notification.subject).toContain('Door 1 squeaks');
    expect(event.id).toBe(notification.cursor);
    first = { id: notification.id, task_id: notification.task_id, task_key: notification.task_key };
    const task = (await admin.get(`/api/v1/tasks/${first.task_id}`)).body;
    expect(task).toMatchObject({ key: first.task_key, title: 'Door 1 squeaks', assignee: { position: '1001.Facilities.Repairs' } });
  });

  it('resumes after Last-Event-ID: what came while disconnected arrives on reconnection, and only that', async () => {
    const sse = await stream('', { authorization: `Bearer ${hana.token}` });
    await sse.next((m) => m.comment === 'connected');
    const cursorOfFirst = (await hana.get(`/api/v1/notifications?channel=in_app&task_id=${first.task_id}`)).body.items[0].cursor;
    sse.close();

    dropMail(home, 'repairs@riverside.example', 'door-2.eml', door(2));
    await eventually(async () => (await hana.get('/api/v1/notifications?channel=in_app')).body.total, (total: number) => total >= 2, { what: 'the second in-app notification', timeoutMs: 30_000 });

    const resumed = await stream('', { authorization: `Bearer ${hana.token}`, 'last-event-id': cursorOfFirst });
    const next = await resumed.next((m) => m.event === 'notification', 15_000);
    const data = JSON.parse(next.data!);
    expect(data).toMatchObject({ purpose: 'assigned', channel: 'in_app', recipient: HANA.email, subject: expect.stringContaining('Door 2 squeaks') });
    expect(next.id).toBe(data.cursor);
    expect(data.id).not.toBe(first.id);
  });

  it('lists my notifications newest first with their delivery state, filtered and paged', async () => {
    const all = await hana.get('/api/v1/notifications?limit=100');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ limit: 100, offset: 0 });
    const items = all.body.items as any[];
    expect(all.body.total).toBe(items.length);
    expect(items.every((n) => n.recipient === HANA.email)).toBe(true);
    // Both channels Hana asked for: email and in-app, for each task.
    expect(new Set(items.map((n) => n.channel))).toEqual(new Set(['email', 'in_app']));
    const times = items.map((n) => n.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(items[0]).toMatchObject({ status: expect.stringMatching(/^(queued|sent|failed)$/), attempts: expect.any(Number) });

    const ofFirst = await hana.get(`/api/v1/notifications?task_id=${first.task_id}&channel=in_app`);
    expect(ofFirst.body).toMatchObject({ total: 1, items: [{ id: first.id, task_id: first.task_id, channel: 'in_app' }] });
    const page = await hana.get('/api/v1/notifications?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: all.body.total, limit: 1, offset: 1, items: [{ id: items[1].id }] });

    const bad = await hana.get('/api/v1/notifications?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/status must be one of queued, sent, failed/);
  });

  it("keeps a member to their own notifications; an administrator sees anyone's", async () => {
    const own = await leo.get('/api/v1/notifications?limit=100');
    expect(own.status).toBe(200);
    expect((own.body.items as any[]).every((n) => n.recipient === LEO.email)).toBe(true);
    expect((own.body.items as any[]).map((n) => n.id)).not.toContain(first.id);

    const theirs = await leo.get(`/api/v1/notifications?recipient=${HANA.email}`);
    expect(theirs.status).toBe(403);
    expect(theirs.body.message).toMatch(/only their own notifications/);
    expect((await leo.get('/api/v1/notifications?all=true')).status).toBe(403);

    const asAdmin = await admin.get(`/api/v1/notifications?recipient=${HANA.email}&task_id=${first.task_id}&channel=in_app`);
    expect(asAdmin.body).toMatchObject({ total: 1, items: [{ id: first.id }] });
    const everyone = await admin.get(`/api/v1/notifications?all=true&task_id=${first.task_id}&limit=100`);
    expect((everyone.body.items as any[]).map((n) => n.recipient)).toEqual(expect.arrayContaining([HANA.email]));
  });

  it('streams each person only their own notifications', async () => {
    const leoStream = await stream('', { authorization: `Bearer ${leo.token}` });
    const hanaStream = await stream('', { authorization: `Bearer ${hana.token}` });
    await leoStream.next((m) => m.comment === 'connected');
    await hanaStream.next((m) => m.comment === 'connected');
    dropMail(home, 'repairs@riverside.example', 'door-3.eml', door(3));
    const [toLeo, toHana] = await Promise.all([
      leoStream.next((m) => m.event === 'notification', 30_000),
      hanaStream.next((m) => m.event === 'notification', 30_000),
    ]);
    const [forLeo, forHana] = [JSON.parse(toLeo.data!), JSON.parse(toHana.data!)];
    expect(forLeo).toMatchObject({ recipient: LEO.email, channel: 'in_app', subject: expect.stringContaining('Door 3 squeaks') });
    expect(forHana).toMatchObject({ recipient: HANA.email, channel: 'in_app', task_id: forLeo.task_id });
    expect(forLeo.id).not.toBe(forHana.id);
  });

  it('reads and changes my preferences (the organization file’s, overridden by mine), and refuses a bad body with 400', async () => {
    const before = await hana.get('/api/v1/me/preferences');
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([
      expect.objectContaining({ email: HANA.email, organization: 'riverside', channels: ['email', 'in_app'], digest: 'immediate', quiet_hours: null, overridden: [] }),
    ]);

    const changed = await hana.request('PUT', '/api/v1/me/preferences', { digest: 'hourly', quiet_hours: '22:00-07:00' });
    expect(changed.status).toBe(200);
    expect(changed.body.items[0]).toMatchObject({ channels: ['email', 'in_app'], digest: 'hourly', quiet_hours: '22:00-07:00' });
    expect([...changed.body.items[0].overridden].sort()).toEqual(['digest', 'quiet_hours']);
    expect((await hana.get('/api/v1/me/preferences')).body.items[0]).toMatchObject({ digest: 'hourly', quiet_hours: '22:00-07:00' });

    const off = await hana.request('PUT', '/api/v1/me/preferences', { quiet_hours: null, organization: 'riverside' });
    expect(off.body.items[0]).toMatchObject({ quiet_hours: null, digest: 'hourly' });

    for (const [body, message] of [
      [{ channels: ['pigeon'] }, /channels must be a list of one or more of email, sms, in_app/],
      [{ quiet_hours: '10pm-7am' }, /quiet_hours must be quiet hours as 'HH:MM-HH:MM'/],
      [{ digest: 'weekly' }, /digest must be one of immediate, hourly, daily/],
      [{}, /at least one of channels, quiet_hours/],
    ] as const) {
      const res = await hana.request('PUT', '/api/v1/me/preferences', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toMatch(message);
    }
    expect((await hana.get('/api/v1/me/preferences')).body.items[0]).toMatchObject({ digest: 'hourly', quiet_hours: null });
    expect((await hana.request('PUT', '/api/v1/me/preferences', { digest: 'daily', organization: 'lakeside' })).status).toBe(404);
  });

  it('refuses a stream without a token, and the query token on any other route', async () => {
    expect((await stream('')).response.status).toBe(401);
    const res = await fetch(`${orgo.url}/api/v1/notifications?access_token=${encodeURIComponent(hana.token!)}`);
    expect(res.status).toBe(401);
  });
});
