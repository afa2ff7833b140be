import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { readOutbox } from './support/outbox';
import { type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

/**
 * Riverside with a second department head, a role address for the facilities department head, and
 * rules: a tier-wide broadcast, a role-narrowed one, and decisions with and without a route_to.
 */
function broadcastConfig(): string {
  const dir = tempDir('orgo-broadcast-');
  fs.cpSync(path.join(__dirname, 'fixtures', 'riverside', 'config'), dir, { recursive: true });
  const org = path.join(dir, 'organizations', 'riverside', 'organization.yaml');
  fs.writeFileSync(
    org,
    fs
      .readFileSync(org, 'utf8')
      .replace(
        '  - { id: "101.Front.Desk"',
        '  - { id: "12.Programs", title: Programs manager, holders: [programs@riverside.example, programs.deputy@riverside.example] }\n  - { id: "101.Front.Desk"',
      )
      .replace('roles:\n', 'roles:\n  - { id: Facilities, addresses: [facilities.office@riverside.example] }\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'organizations', 'riverside', 'rules', 'zz-broadcast.yaml'),
    `metadata: { version: "1.0" }
rules:
  - name: closure-notice
    priority: 100
    condition: "subject contains 'building closure'"
    action: { type: announcement, category: 6, subcategory: 5, broadcast: 100 }
  - name: repairs-staff-notice
    priority: 100
    condition: "subject contains 'tool inventory'"
    action: { type: announcement, category: 6, subcategory: 5, broadcast: 10000, route_to: Facilities.Repairs }
  - name: budget-decision
    priority: 100
    condition: "subject contains 'budget decision'"
    action: { type: decision, category: 7, subcategory: 3 }
  - name: schedule-decision
    priority: 100
    condition: "subject contains 'schedule decision'"
    action: { type: decision, category: 1, subcategory: 3, route_to: "101.Front.Desk" }
`,
  );
  return dir;
}

describe('broadcast labels (standalone)', () => {
  let orgo: Standalone;
  let api: ApiClient;

  beforeAll(async () => {
    orgo = await startStandalone(broadcastConfig(), tempDir('orgo-broadcast-home-'));
    api = new ApiClient(orgo.url);
    await api.login();
    dropMail(orgo.home, 'hello@riverside.example', 'closure.eml', mail({
      from: 'director@riverside.example', to: 'hello@riverside.example', subject: 'Building closure on Friday', body: 'The centre closes Friday for the boiler inspection.', id: 'closure-1@riverside.example' }));
    dropMail(orgo.home, 'hello@riverside.example', 'tools.eml', mail({
      from: 'director@riverside.example', to: 'hello@riverside.example', subject: 'Tool inventory next week', body: 'Please list the tools in the workshop.', id: 'tools-1@riverside.example' }));
    dropMail(orgo.home, 'facilities.office@riverside.example', 'budget.eml', mail({
      from: 'director@riverside.example', to: 'facilities.office@riverside.example', subject: 'Budget decision: new boiler approved', body: 'The new boiler is approved for March.', id: 'budget-1@riverside.example' }));
    dropMail(orgo.home, 'facilities.office@riverside.example', 'schedule.eml', mail({
      from: 'director@riverside.example', to: 'facilities.office@riverside.example', subject: 'Schedule decision: summer hours', body: 'Summer hours start in June.', id: 'schedule-1@riverside.example' }));
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  const taskTitled = (title: string) =>
    eventually(
      async () => (await api.get('/api/v1/tasks?organization=riverside')).body.items.find((t: any) => t.title === title),
      (t) => Boolean(t),
      { what: `the task '${title}'` },
    );

  it('fans a level-100 broadcast out to every holder of the department tier, one tracked notification each', async () => {
    const created = await taskTitled('Building closure on Friday');
    expect(created).toMatchObject({ label: '100.65', assignee: { position: '100', person: null }, escalation: { chain: ['100'], next_due_at: null, reactivity_ms: null } });
    const expected = [
      { position: '11.Facilities', person: 'facilities@riverside.example' },
      { position: '12.Programs', person: 'programs@riverside.example' },
      { position: '12.Programs', person: 'programs.deputy@riverside.example' },
    ];
    const task = await eventually(
      async () => (await api.get(`/api/v1/tasks/${created.id}`)).body,
      (t) => t.broadcast.recipients.every((r: any) => r.notification !== 'queued'),
      { what: 'every broadcast recipient tracked' },
    );
    expect(task.broadcast).toEqual({ level: 100, role: null, recipients: expected.map((r) => ({ ...r, notification: 'sent' })) });

    const mails = (await readOutbox(orgo.home)).filter((m) => m.subject.includes(task.key));
    expect(mails.map((m) => m.to).sort()).toEqual(expected.map((r) => [r.person]).sort());
    expect(mails.every((m) => m.subject.includes('100.65'))).toBe(true);

    const events = (await api.get(`/api/v1/tasks/${task.id}/events`)).body.items;
    const routed = events.find((e: any) => e.type === 'routed');
    expect(routed.data).toMatchObject({ via: 'broadcast', position: '100', label: '100.65', escalation: expect.stringContaining('does not escalate by time') });
    const notified = events.filter((e: any) => e.type === 'notified').map((e: any) => ({ position: e.data.position, person: e.data.person, status: e.data.status }));
    expect(notified.sort((a: any, b: any) => a.person.localeCompare(b.person))).toEqual(
      expected.map((r) => ({ ...r, status: 'sent' })).sort((a, b) => a.person.localeCompare(b.person)),
    );
  });

  it('shows a broadcast task to its recipients, and not to members it does not reach', async () => {
    const task = await taskTitled('Building closure on Friday');
    const as = async (email: string) => {
      const password = 'Riverside-Holder-2026';
      expect((await api.request('POST', '/api/v1/users', { email, password, organizations: ['riverside'] })).status).toBe(201);
      const client = new ApiClient(orgo.url);
      await client.login({ email, password });
      return client;
    };
    const recipient = await as('programs@riverside.example');
    expect((await recipient.get(`/api/v1/tasks/${task.id}`)).body).toMatchObject({ key: task.key, visibility: 'department' });
    const desk = await as('desk@riverside.example');
    expect((await desk.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
  });

  it('narrows a broadcast to the role a route_to names, and labels it with the role', async () => {
    const created = await taskTitled('Tool inventory next week');
    expect(created).toMatchObject({ label: '10000.65.Facilities.Repairs', assignee: { position: '10000.Facilities.Repairs' } });
    const task = await eventually(
      async () => (await api.get(`/api/v1/tasks/${created.id}`)).body,
      (t) => t.broadcast.recipients.every((r: any) => r.notification !== 'queued'),
      { what: 'the role broadcast tracked' },
    );
    expect(task.broadcast.recipients).toEqual([
      { position: '1001.Facilities.Repairs', person: 'handy1@riverside.example', notification: 'sent' },
      { position: '1001.Facilities.Repairs', person: 'handy2@riverside.example', notification: 'sent' },
    ]);
  });

  it('sends a decision arriving on the department head\'s address down to the tier below within the role', async () => {
    const created = await taskTitled('Budget decision: new boiler approved');
    expect(created).toMatchObject({ label: '1000.73.Facilities', assignee: { position: '1000.Facilities' }, escalation: { next_due_at: null } });
    const task = await eventually(
      async () => (await api.get(`/api/v1/tasks/${created.id}`)).body,
      (t) => t.broadcast.recipients.every((r: any) => r.notification !== 'queued'),
      { what: 'the decision delivered below' },
    );
    expect(task.broadcast).toEqual({ level: 1000, role: 'Facilities', recipients: [{ position: '101.Facilities.Repairs', person: 'lead@riverside.example', notification: 'sent' }] });
    const routed = (await api.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'routed');
    expect(routed.data).toMatchObject({ via: 'flow_down', position: '1000.Facilities' });
  });

  it('assigns a decision a rule routes to the position it names', async () => {
    const task = await taskTitled('Schedule decision: summer hours');
    expect(task).toMatchObject({ label: '101.13.Front.Desk', assignee: { position: '101.Front.Desk' }, broadcast: null });
  });
});
