import path from 'node:path';

import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import { eventually } from './support/eventually';
import { outboxTexts } from './support/outbox';
import type { RunningShape } from './support/pipeline-suite';
import {
  ROOT,
  type Standalone,
  dropMail,
  mail,
  startStandalone,
  tempDir,
} from './support/standalone-process';
import { createMember, signInPrivacyOfficer } from './support/users';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/**
 * The task API the dashboard works with (SPEC §4, §7): manual tasks through the same planning,
 * labels, routing, timers and notifications as mail; PATCH priority / comment / eta; the tasks of
 * the positions I hold and the positions themselves; full-text search that finds by title,
 * description, key and tags — and never by a sensitive reporter's identity.
 */
describe('the task API of the dashboard (standalone)', () => {
  let orgo: Standalone;
  let admin: ApiClient;
  let lead: ApiClient;
  let handy: ApiClient;

  beforeAll(async () => {
    orgo = await startStandalone(CONFIG, tempDir('orgo-tasks-api-'));
    admin = new ApiClient(orgo.url);
    await admin.login();
    lead = await createMember(admin, orgo.url, 'lead@riverside.example', ['riverside']);
    handy = await createMember(admin, orgo.url, 'handy1@riverside.example', ['riverside']);
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  const events = async (id: string): Promise<any[]> =>
    (await admin.get(`/api/v1/tasks/${id}/events`)).body.items;
  const search = async (client: ApiClient, query: string): Promise<any> =>
    (await client.get(`/api/v1/tasks?${query}`)).body;
  const create = (client: ApiClient, body: Record<string, unknown>) =>
    client.request('POST', '/api/v1/tasks', body);
  const outboxFor = (key: string): string[] =>
    outboxTexts(orgo.home)
      .map((m) => m.text)
      .filter((m) => new RegExp(`^X-Orgo-Task: ${key}\\r?$`, 'm').test(m));

  describe('POST /api/v1/tasks', () => {
    it('plans a manual task like a routed mail: label, chain, clock, timeline with the caller, a notification to the holders', async () => {
      const res = await create(handy, {
        organization: 'riverside',
        title: 'Loose handrail on the north stairs',
        description: 'The handrail moves when you lean on it.',
        type: 'facilities',
        subtype: 'stairs',
        priority: 'high',
        category: 8,
        route_to: 'Facilities.Repairs',
        tags: ['stairs', 'north-wing'],
      });
      expect(res.status).toBe(201);
      const task = res.body;
      expect(task).toMatchObject({
        organization: 'riverside',
        key: expect.stringMatching(/^[A-Z]+-\d+$/),
        type: 'facilities',
        subtype: 'stairs',
        category: 8,
        subcategory: 1,
        label: '1001.81.Facilities.Repairs',
        status: 'pending',
        priority: 'high',
        severity: null,
        assignee: { position: '1001.Facilities.Repairs', person: null },
        reporter: 'handy1@riverside.example',
        sensitive: false,
        tags: ['stairs', 'north-wing'],
        source: { email_id: null, mailbox: null, message_id: null },
      });
      expect(task.escalation.chain[0]).toBe('1001.Facilities.Repairs');
      expect(task.escalation.chain).toContain('101.Facilities.Repairs');
      // retail_chain's priority table: high = 24 hours before the first step up.
      expect(task.escalation).toMatchObject({
        level: 0,
        reactivity_ms: 24 * 3600_000,
        next_due_at: expect.any(String),
      });
      expect((await admin.get(`/api/v1/tasks/${task.id}`)).body).toMatchObject({
        id: task.id,
        label: task.label,
      });

      const timeline = await events(task.id);
      expect(timeline.slice(0, 2)).toEqual([
        expect.objectContaining({
          type: 'created',
          actor: 'handy1@riverside.example',
          data: expect.objectContaining({ title: task.title, via: 'api' }),
        }),
        expect.objectContaining({
          type: 'routed',
          actor: 'handy1@riverside.example',
          data: expect.objectContaining({
            position: '1001.Facilities.Repairs',
            label: '1001.81.Facilities.Repairs',
            via: 'route_to',
            rules: [],
            holders: ['handy1@riverside.example', 'handy2@riverside.example'],
          }),
        }),
      ]);
      // The notifier tells the position's holders, as for a task from mail.
      const sent = await eventually(
        async () => outboxFor(task.key),
        (m) => m.length > 0,
        { what: `the notification of ${task.key}` },
      );
      expect(sent.join('\n')).toMatch(/handy2@riverside\.example/);
    });

    it('defaults category and subcategory to 1 and priority to medium, and routes to a position id', async () => {
      const res = await create(admin, {
        organization: 'riverside',
        title: 'Order new chairs',
        type: 'facilities',
        route_to: '101.Facilities.Repairs',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        category: 1,
        subcategory: 1,
        priority: 'medium',
        label: '101.11.Facilities.Repairs',
        assignee: { position: '101.Facilities.Repairs' },
        reporter: 'admin@orgo.test',
      });
    });

    it('escalates a crisis (category 9) to the top of its chain at once, as a routed mail does', async () => {
      const res = await create(admin, {
        organization: 'riverside',
        title: 'Smoke in the basement',
        type: 'safety',
        category: 9,
        route_to: 'Facilities.Repairs',
      });
      expect(res.status).toBe(201);
      const { chain, level } = res.body.escalation;
      expect(level).toBe(chain.length - 1);
      expect(res.body.assignee.position).toBe(chain[chain.length - 1]);
    });

    it('answers unknown organizations, unknown positions and malformed bodies with the API’s error shape', async () => {
      const base = {
        organization: 'riverside',
        title: 'Something',
        type: 'facilities',
        route_to: 'Facilities.Repairs',
      };
      const unknownOrg = await create(handy, { ...base, organization: 'nowhere' });
      expect(unknownOrg).toMatchObject({
        status: 404,
        body: {
          statusCode: 404,
          error: expect.any(String),
          message: expect.stringContaining('nowhere'),
          details: { code: 'ORGANIZATION.NOT_FOUND' },
        },
      });
      const unknownPosition = await create(handy, { ...base, route_to: '1001.Kitchen.Cook' });
      expect(unknownPosition).toMatchObject({
        status: 409,
        body: { statusCode: 409, details: { code: 'TASK.UNKNOWN_POSITION', route_to: '1001.Kitchen.Cook' } },
      });
      const elsewhere = await create(handy, { ...base, route_to: 'lakeside:11.Boats' });
      expect(elsewhere).toMatchObject({ status: 409, body: { details: { code: 'TASK.UNKNOWN_POSITION' } } });
      const malformed = await create(handy, {
        ...base,
        priority: 'urgent',
        category: 12,
        type: 'Not A Type',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.details.problems.join(' ')).toMatch(/priority/);
      expect(malformed.body.details.problems.join(' ')).toMatch(/category/);
      expect(malformed.body.details.problems.join(' ')).toMatch(/type/);
      const missing = await create(handy, { organization: 'riverside', title: 'No route' });
      expect(missing.status).toBe(400);
      expect(missing.body.details.problems.join(' ')).toMatch(/route_to/);
      const sensitiveElsewhere = await create(handy, { ...base, organization: 'nowhere', sensitive: true });
      expect(sensitiveElsewhere).toMatchObject({
        status: 404,
        body: { details: { code: 'ORGANIZATION.NOT_FOUND' } },
      });
    });

    it('files a sensitive report under the caller’s pseudonym, scrubbed, which only a privacy officer reveals', async () => {
      const res = await create(lead, {
        organization: 'riverside',
        title: 'Harassment by a colleague — Leo Lead',
        description:
          'It happened again in the workshop.\n\nCall me on +1 416 555 0199 or at lead@riverside.example.\n\nLeo Lead',
        type: 'hr',
        category: 3,
        subcategory: 4,
        route_to: '101.Front.Desk',
        sensitive: true,
      });
      expect(res.status).toBe(201);
      const task = res.body;
      expect(task).toMatchObject({
        sensitive: true,
        reporter: expect.stringMatching(/^Anon-\d+$/),
        label: '101.34.Front.Desk',
        assignee: { position: '101.Front.Desk' },
      });
      expect(task.description).toContain('It happened again in the workshop.');
      const timeline = await events(task.id);
      expect(timeline.slice(0, 2).map((e) => e.actor)).toEqual([task.reporter, task.reporter]);
      // Nothing the API answers about the task names the reporter: not the task, its timeline, a search.
      const everything = JSON.stringify([task, (await admin.get(`/api/v1/tasks/${task.id}`)).body, timeline]);
      for (const needle of ['lead@riverside.example', 'Leo', '555 0199', '5550199'])
        expect({ needle, found: everything.includes(needle) }).toEqual({ needle, found: false });
      expect((await search(admin, 'text=lead')).items.map((t: any) => t.id)).not.toContain(task.id);
      // A second sensitive report of the same person keeps the same pseudonym.
      const again = await create(lead, {
        organization: 'riverside',
        title: 'It happened again',
        type: 'hr',
        route_to: '101.Front.Desk',
        sensitive: true,
      });
      expect(again.body.reporter).toBe(task.reporter);
      // The identity is kept sealed for a privacy officer, who reveals it with a reason.
      const officer = await signInPrivacyOfficer(admin, orgo.url, 'privacy@riverside.example', ['riverside']);
      const revealed = await officer.request('POST', `/api/v1/tasks/${task.id}/reveal`, {
        reason: 'Disciplinary hearing requested by the board (ref. TASKS-API-1)',
      });
      expect(revealed).toMatchObject({
        status: 200,
        body: { pseudonym: task.reporter, address: 'lead@riverside.example', name: 'Leo Lead' },
      });
    });
  });

  describe('PATCH /api/v1/tasks/{id}', () => {
    let task: any;

    beforeAll(async () => {
      task = (
        await create(admin, {
          organization: 'riverside',
          title: 'Dripping tap in the kitchen',
          type: 'facilities',
          category: 8,
          route_to: 'Facilities.Repairs',
        })
      ).body;
    });

    it('changes the priority, comments and sets an ETA in one call, each on the timeline with the caller', async () => {
      const res = await handy.request('PATCH', `/api/v1/tasks/${task.id}`, {
        priority: 'critical',
        comment: 'Washer ordered',
        eta: '30 minutes',
      });
      expect(res.status).toBe(200);
      expect(res.body.priority).toBe('critical');
      expect(res.body.metadata.eta).toEqual({
        text: '30 minutes',
        at: expect.any(String),
        by: 'handy1@riverside.example',
      });
      const due = Date.parse(res.body.metadata.eta.at) - Date.parse(res.body.updated_at);
      expect(due).toBe(30 * 60_000);
      const added = (await events(task.id)).slice(2);
      expect(added).toEqual([
        expect.objectContaining({
          type: 'priority_changed',
          actor: 'handy1@riverside.example',
          data: expect.objectContaining({ from: 'medium', to: 'critical' }),
        }),
        expect.objectContaining({
          type: 'eta_set',
          actor: 'handy1@riverside.example',
          data: { eta: '30 minutes', at: res.body.metadata.eta.at },
        }),
        expect.objectContaining({
          type: 'commented',
          actor: 'handy1@riverside.example',
          data: { text: 'Washer ordered', via: 'api' },
        }),
      ]);
      // The priority table's reactivity for the next steps follows the new priority (critical: 4 hours).
      expect(res.body.escalation.reactivity_ms).toBe(4 * 3600_000);
    });

    it('takes an ISO-8601 ETA as the time it names, with a status change in the same call', async () => {
      const res = await handy.request('PATCH', `/api/v1/tasks/${task.id}`, {
        eta: '2026-12-24T15:00:00+01:00',
        status: 'in_progress',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'in_progress',
        metadata: { eta: { text: '2026-12-24T15:00:00+01:00', at: '2026-12-24T14:00:00.000Z' } },
      });
      expect((await events(task.id)).slice(-2).map((e) => e.type)).toEqual(['eta_set', 'status_changed']);
    });

    it('refuses an empty change, an ETA that names no time and an unknown priority, changing nothing', async () => {
      const before = await events(task.id);
      const empty = await handy.request('PATCH', `/api/v1/tasks/${task.id}`, { reason: 'just because' });
      expect(empty).toMatchObject({
        status: 400,
        body: { message: expect.stringContaining('at least one of') },
      });
      const eta = await handy.request('PATCH', `/api/v1/tasks/${task.id}`, {
        eta: 'after lunch',
        comment: 'not recorded',
      });
      expect(eta).toMatchObject({ status: 400, body: { details: { code: 'TASK.INVALID_ETA' } } });
      const priority = await handy.request('PATCH', `/api/v1/tasks/${task.id}`, { priority: 'urgent' });
      expect(priority.status).toBe(400);
      expect(await events(task.id)).toHaveLength(before.length);
    });
  });

  describe('GET /api/v1/tasks?mine=true and GET /api/v1/me/positions', () => {
    it('lists the positions I hold', async () => {
      expect((await lead.get('/api/v1/me/positions')).body).toEqual({
        items: [
          {
            organization: 'riverside',
            position: '101.Facilities.Repairs',
            role: 'Facilities.Repairs',
            level: 101,
          },
        ],
      });
      expect((await admin.get('/api/v1/me/positions')).body).toEqual({ items: [] });
    });

    it('lists the tasks of my positions, following a task escalated to one of them', async () => {
      const task = (
        await create(admin, {
          organization: 'riverside',
          title: 'Broken window latch',
          type: 'facilities',
          category: 8,
          route_to: 'Facilities.Repairs',
        })
      ).body;
      const other = (
        await create(admin, {
          organization: 'riverside',
          title: 'Flyers for the open day',
          type: 'general',
          route_to: 'Front.Desk',
        })
      ).body;
      const mine = async (client: ApiClient) =>
        (await search(client, 'mine=true&limit=200')).items.map((t: any) => t.id);
      expect(await mine(handy)).toContain(task.id);
      expect(await mine(handy)).not.toContain(other.id);
      expect(await mine(lead)).not.toContain(task.id);
      for (const t of (await search(handy, 'mine=true&limit=200')).items)
        expect(t.assignee.position).toBe('1001.Facilities.Repairs');

      const escalated = await admin.request('POST', `/api/v1/tasks/${task.id}/escalate`, {
        reason: 'Needs the lead',
      });
      expect(escalated.body.assignee.position).toBe('101.Facilities.Repairs');
      expect(await mine(lead)).toContain(task.id);
      expect(await mine(handy)).not.toContain(task.id);
      // An administrator holds no position: nothing is theirs.
      expect((await search(admin, 'mine=true')).items).toEqual([]);
    });
  });

  describe('full-text search (SQLite FTS5)', () => {
    let boiler: any;
    let keyed: any;

    beforeAll(async () => {
      boiler = (
        await create(admin, {
          organization: 'riverside',
          title: 'Boiler makes knocking noises',
          description: 'Loud knocking from the boiler room every morning.',
          type: 'facilities',
          route_to: 'Facilities.Repairs',
          tags: ['cellar'],
        })
      ).body;
      keyed = (
        await create(admin, {
          organization: 'riverside',
          title: 'Replace the projector bulb',
          description: 'The hall projector flickers; the boiler is fine.',
          type: 'facilities',
          route_to: 'Facilities.Repairs',
          tags: ['hall-av'],
        })
      ).body;
      await create(admin, {
        organization: 'riverside',
        title: '100% of the chairs need cleaning',
        type: 'facilities',
        route_to: 'Front.Desk',
      });
    });

    const ids = (body: any): string[] => body.items.map((t: any) => t.id);

    it('finds by title, description (stemmed), key and tags, best match first', async () => {
      const knocking = await search(admin, 'text=knock');
      expect(ids(knocking)).toEqual([boiler.id]);
      const both = await search(admin, 'text=boiler');
      expect(ids(both)).toEqual([boiler.id, keyed.id]);
      expect(both.total).toBe(2);
      expect(ids(await search(admin, `text=${encodeURIComponent(keyed.key)}`))).toEqual([keyed.id]);
      expect(ids(await search(admin, 'text=cellar'))).toEqual([boiler.id]);
      expect(ids(await search(admin, 'text=' + encodeURIComponent('"hall projector"')))).toEqual([keyed.id]);
      expect(ids(await search(admin, 'text=' + encodeURIComponent('boiler -projector')))).toEqual([
        boiler.id,
      ]);
      expect(ids(await search(admin, 'text=' + encodeURIComponent('knocking or flickers')))).toEqual(
        expect.arrayContaining([boiler.id, keyed.id]),
      );
      // An explicit sort wins over relevance.
      expect(ids(await search(admin, 'text=boiler&sort=created_at'))).toEqual([boiler.id, keyed.id]);
      expect(ids(await search(admin, 'text=boiler&sort=-created_at'))).toEqual([keyed.id, boiler.id]);
    });

    it('combines with the other filters and pages with a total', async () => {
      expect(ids(await search(admin, 'text=boiler&priority=high'))).toEqual([]);
      expect(ids(await search(admin, 'text=boiler&assignee=1001.Facilities.Repairs&status=pending'))).toEqual(
        [boiler.id, keyed.id],
      );
      expect(await search(admin, 'text=boiler&limit=1&offset=1')).toMatchObject({
        items: [expect.objectContaining({ id: keyed.id })],
        total: 2,
        limit: 1,
        offset: 1,
      });
      expect(ids(await search(admin, 'text=nonexistentword'))).toEqual([]);
    });

    it('treats LIKE wildcards as text, not as match-everything', async () => {
      for (const text of ['%', '_', '%%', '%_%'])
        expect(await search(admin, `text=${encodeURIComponent(text)}`)).toMatchObject({
          items: [],
          total: 0,
        });
      expect(ids(await search(admin, `text=${encodeURIComponent('bo%ler')}`))).toEqual([]);
    });

    it('never finds a sensitive report by its reporter', async () => {
      dropMail(
        orgo.home,
        'hello@riverside.example',
        'complaint.eml',
        mail({
          from: 'Priya Quintero <priya.quintero@members.example>',
          to: 'hello@riverside.example',
          subject: 'A complaint about the coach',
          body: 'The coach shouted at the juniors again.\r\n\r\nBest regards,\r\nPriya Quintero\r\npriya.quintero@members.example',
          id: 'complaint-1@members.example',
        }),
      );
      const report = await eventually(
        async () => (await search(admin, 'text=coach')).items,
        (items) => items.length === 1,
        { what: 'the sensitive report, found by its words' },
      );
      expect(report[0]).toMatchObject({ sensitive: true, reporter: expect.stringMatching(/^Anon-\d+$/) });
      for (const needle of [
        'priya',
        'Quintero',
        'priya.quintero@members.example',
        '"members example"',
        report[0].reporter,
      ]) {
        expect({ needle, found: (await search(admin, `text=${encodeURIComponent(needle)}`)).total }).toEqual({
          needle,
          found: 0,
        });
      }
    });

    it('searches only what the member may see', async () => {
      expect(ids(await search(handy, 'text=coach'))).toEqual([]);
      expect(ids(await search(handy, 'text=boiler'))).toEqual(expect.arrayContaining([boiler.id, keyed.id]));
    });
  });
});

/** The same API on the distributed shape: RPC over RabbitMQ, the rule-engine's pseudonyms, PostgreSQL's full-text search. */
describe('the task API of the dashboard (distributed)', () => {
  let orgo: RunningShape;
  let admin: ApiClient;
  let lead: ApiClient;

  beforeAll(async () => {
    orgo = await startDistributed(CONFIG, tempDir('orgo-tasks-api-distributed-'));
    admin = new ApiClient(orgo.url);
    await admin.login();
    lead = await createMember(admin, orgo.url, 'lead@riverside.example', ['riverside']);
  });

  afterAll(async () => {
    await orgo?.stop();
  });

  const create = (client: ApiClient, body: Record<string, unknown>) =>
    client.request('POST', '/api/v1/tasks', body);
  const found = async (query: string): Promise<string[]> =>
    (await admin.get(`/api/v1/tasks?${query}`)).body.items.map((t: any) => t.id);

  it('creates, changes, finds (ranked, in PostgreSQL) and lists mine, a sensitive report under a pseudonym', async () => {
    const boiler = await create(admin, {
      organization: 'riverside',
      title: 'Boiler knocking',
      description: 'The boiler knocks; the boiler room is loud.',
      type: 'facilities',
      category: 8,
      route_to: 'Facilities.Repairs',
      tags: ['cellar'],
    });
    const projector = await create(admin, {
      organization: 'riverside',
      title: 'Projector bulb',
      description: 'The boiler is fine.',
      type: 'facilities',
      route_to: '101.Facilities.Repairs',
    });
    expect(boiler).toMatchObject({
      status: 201,
      body: { label: '1001.81.Facilities.Repairs', reporter: 'admin@orgo.test' },
    });
    expect(projector).toMatchObject({ status: 201, body: { label: '101.11.Facilities.Repairs' } });

    const changed = await lead.request('PATCH', `/api/v1/tasks/${projector.body.id}`, {
      priority: 'high',
      comment: 'Bulb ordered',
      eta: '2 hours',
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { priority: 'high', metadata: { eta: { text: '2 hours', by: 'lead@riverside.example' } } },
    });
    const types = (await admin.get(`/api/v1/tasks/${projector.body.id}/events`)).body.items.map(
      (e: any) => e.type,
    );
    expect(types.slice(-3)).toEqual(['priority_changed', 'eta_set', 'commented']);

    expect(await found('text=boiler')).toEqual([boiler.body.id, projector.body.id]);
    expect(await found('text=knocks')).toEqual([boiler.body.id]);
    expect(await found(`text=${encodeURIComponent('"boiler room"')}`)).toEqual([boiler.body.id]);
    expect(await found('text=cellar')).toEqual([boiler.body.id]);
    expect(await found(`text=${encodeURIComponent('%')}`)).toEqual([]);

    const mine = (await lead.get('/api/v1/tasks?mine=true')).body.items.map((t: any) => t.id);
    expect(mine).toContain(projector.body.id);
    expect(mine).not.toContain(boiler.body.id);
    expect((await lead.get('/api/v1/me/positions')).body.items).toEqual([
      {
        organization: 'riverside',
        position: '101.Facilities.Repairs',
        role: 'Facilities.Repairs',
        level: 101,
      },
    ]);

    const report = await create(lead, {
      organization: 'riverside',
      title: 'Harassment — Leo Lead',
      description: 'Again today.\n\nLeo Lead\nlead@riverside.example',
      type: 'hr',
      route_to: '101.Front.Desk',
      sensitive: true,
    });
    expect(report).toMatchObject({
      status: 201,
      body: { sensitive: true, reporter: expect.stringMatching(/^Anon-\d+$/) },
    });
    expect(JSON.stringify(report.body)).not.toMatch(/lead@riverside|Leo/);
    expect(await found('text=Leo')).toEqual([]);
  });
});
