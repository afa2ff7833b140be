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
import { twoOrganizationsConfig } from './support/two-organizations';
import { createMember } from './support/users';

const REPAIRS = 'repairs@riverside.example';
const HELLO = 'hello@riverside.example';
const NO_LINKS = { merged_into: null, merged: [], split_from: null, split_into: [] };

/**
 * SPEC §6 Mail hygiene: "Tasks can be merged (duplicates reported twice) and split (one mail, two
 * problems), with history" — `POST /api/v1/tasks/{id}/merge` and `POST /api/v1/tasks/{id}/split`,
 * on the standalone shape with Riverside (organization transparency, a private locker rule, a
 * sensitive complaint rule, door tasks escalating after 8 seconds) beside Lakeside.
 */
describe('merging and splitting tasks', () => {
  let orgo: Standalone;
  let admin: ApiClient;
  let n = 0;

  beforeAll(async () => {
    orgo = await startStandalone(twoOrganizationsConfig(), tempDir('orgo-merge-split-'));
    admin = new ApiClient(orgo.url);
    await admin.login();
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  const task = async (id: string): Promise<any> => (await admin.get(`/api/v1/tasks/${id}`)).body;
  const events = async (id: string): Promise<any[]> =>
    (await admin.get(`/api/v1/tasks/${id}/events`)).body.items;
  const entry = async (id: string, type: string): Promise<any> =>
    (await events(id)).find((e) => e.type === type);

  /** Drops a mail on a role address and answers the task it became. */
  async function report(
    subject: string,
    o: { from?: string; to?: string; body?: string } = {},
  ): Promise<any> {
    const id = `merge-split-${++n}@members.example`;
    dropMail(
      orgo.home,
      o.to ?? REPAIRS,
      `mail-${n}.eml`,
      mail({
        from: o.from ?? 'member@members.example',
        to: o.to ?? REPAIRS,
        subject,
        body: o.body ?? 'Please have a look.',
        id,
      }),
    );
    const items = async (): Promise<any[]> => (await admin.get('/api/v1/tasks?limit=200')).body.items;
    return eventually(
      async () => (await items()).find((t) => t.source.message_id === id),
      (t) => Boolean(t),
      { what: `the task for "${subject}"` },
    );
  }

  /** The Message-ID of the first notification Orgo wrote for a task (the file outbox). */
  async function notificationOf(key: string): Promise<string> {
    const found = await eventually(
      async () =>
        outboxTexts(orgo.home)
          .map((m) => m.text)
          .find((m) => new RegExp(`^X-Orgo-Task: ${key}\\r?$`, 'm').test(m)),
      (m) => Boolean(m),
      { what: `the notification of ${key}` },
    );
    return /^Message-ID:\s*(<[^>]+>)/im.exec(found as string)?.[1] as string;
  }

  const merge = (client: ApiClient, id: string, body: unknown) =>
    client.request('POST', `/api/v1/tasks/${id}/merge`, body);
  const split = (client: ApiClient, id: string, body: unknown) =>
    client.request('POST', `/api/v1/tasks/${id}/split`, body);

  describe('merge', () => {
    it('closes the duplicate into the survivor: both timelines, its timers stop, and a reply to its notification reaches the survivor', async () => {
      // The duplicate is reported first: had its timer survived the merge it would fire before the survivor's.
      const duplicate = await report('The door of room 3 sticks', { from: 'first@members.example' });
      const survivor = await report('Door of room 3 will not close', { from: 'second@members.example' });
      expect(duplicate.links).toEqual(NO_LINKS);
      const dupNotification = await notificationOf(duplicate.key);

      const merged = await merge(admin, duplicate.id, {
        into: survivor.id,
        reason: 'Same door, reported twice',
      });
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({ id: survivor.id, links: { ...NO_LINKS, merged: [duplicate.id] } });
      expect(merged.body.version).toBeGreaterThan(survivor.version);

      const closed = await task(duplicate.id);
      expect(closed).toMatchObject({ status: 'cancelled', links: { ...NO_LINKS, merged_into: survivor.id } });
      expect(closed.escalation.next_due_at).toBeNull();
      expect(closed.escalation.warn_at).toBeNull();

      const dupEvents = await events(duplicate.id);
      const into = dupEvents.find((e) => e.type === 'merged_into');
      expect(into).toMatchObject({
        actor: 'admin@orgo.test',
        data: { task_id: survivor.id, key: survivor.key, reason: 'Same door, reported twice' },
      });
      expect(dupEvents.find((e) => e.type === 'status_changed')).toMatchObject({
        data: { to: 'cancelled', reason: `merged into ${survivor.key}: Same door, reported twice` },
      });
      expect(await entry(survivor.id, 'merged')).toMatchObject({
        actor: 'admin@orgo.test',
        data: {
          task_id: duplicate.id,
          key: duplicate.key,
          reporter: 'first@members.example',
          source: {
            email_id: duplicate.source.email_id,
            mailbox: REPAIRS,
            message_id: duplicate.source.message_id,
          },
          reason: 'Same door, reported twice',
        },
      });

      // A reply to the duplicate's notification acts on the survivor, and says through which duplicate it came.
      dropMail(
        orgo.home,
        REPAIRS,
        `reply-${++n}.eml`,
        mail({
          from: 'handy1@riverside.example',
          to: REPAIRS,
          subject: `Re: [${duplicate.key}] The door of room 3 sticks`,
          body: 'The new hinge arrives on Tuesday.',
          id: `reply-${n}@riverside.example`,
          headers: `In-Reply-To: ${dupNotification}`,
        }),
      );
      const received = await eventually(
        () => entry(survivor.id, 'reply_received'),
        (e) => Boolean(e),
        { what: 'the reply on the survivor' },
      );
      expect(received).toMatchObject({
        actor: 'handy1@riverside.example',
        data: { applied: true, merged_from: { task_id: duplicate.id, key: duplicate.key } },
      });
      expect(await entry(survivor.id, 'commented')).toMatchObject({
        data: { text: 'The new hinge arrives on Tuesday.' },
      });
      expect(await entry(duplicate.id, 'reply_received')).toBeUndefined();

      // The survivor's door timer fires; the duplicate's, earlier, never did after the merge.
      await eventually(
        () => entry(survivor.id, 'escalated'),
        (e) => Boolean(e),
        { what: 'the survivor escalated by its timer', timeoutMs: 30_000 },
      );
      const history = (await events(duplicate.id)).map((e) => e.type);
      expect(history.slice(history.indexOf('merged_into'))).toEqual(['merged_into', 'status_changed']);
      expect((await task(duplicate.id)).status).toBe('cancelled');

      const audit = await eventually(
        async () => (await admin.get(`/api/v1/audit?task_id=${duplicate.id}&action=task.*.merged_into`)).body,
        (b) => b.total === 1,
        { what: 'the merge in the audit trail' },
      );
      expect(audit.items[0]).toMatchObject({ actor: 'admin@orgo.test' });
    });

    it('refuses a merge into itself, across organizations, into a closed task, into a merged task, and a duplicate merged or closed', async () => {
      const a = await report('Door hinge squeaks in the gym');
      const b = await report('Door hinge in the gym squeaks again');
      const c = await report('Gym door squeaky hinge');
      const oar = await report('Broken oar on the second boat', { to: 'boats@club.lakeside.example' });

      const refused = async (id: string, into: string, code: string, status = 409) => {
        const res = await merge(admin, id, { into });
        expect({ status: res.status, code: res.body.details?.code }).toEqual({ status, code });
        expect(res.body).toMatchObject({
          statusCode: status,
          error: expect.any(String),
          message: expect.any(String),
        });
        return res;
      };
      await refused(a.id, a.id, 'TASK.MERGE_SELF');
      await refused(a.id, oar.id, 'TASK.MERGE_OTHER_ORGANIZATION');
      expect((await merge(admin, a.id, { into: 'not-a-task' })).status).toBe(400);
      await refused(a.id, '00000000-0000-4000-8000-000000000000', 'TASK.NOT_FOUND', 404);

      expect(
        (await admin.request('PATCH', `/api/v1/tasks/${c.id}`, { status: 'completed', reason: 'Oiled' }))
          .status,
      ).toBe(200);
      await refused(a.id, c.id, 'TASK.MERGE_TARGET_CLOSED');
      await refused(c.id, b.id, 'TASK.MERGE_DUPLICATE_CLOSED');

      expect((await merge(admin, a.id, { into: b.id })).status).toBe(200);
      await refused(a.id, b.id, 'TASK.MERGE_ALREADY_MERGED');
      const d = await report('The gym door hinge, once more');
      await refused(d.id, a.id, 'TASK.MERGE_CHAIN');

      // Nothing refused changed anything.
      expect((await task(d.id)).status).toBe('pending');
      expect((await events(d.id)).map((e) => e.type)).toEqual(['created', 'routed']);
      expect((await task(b.id)).links.merged).toEqual([a.id]);
    });

    it("shows a merged sensitive report's reporter under their pseudonym when they answer through it", async () => {
      const duplicate = await report('Complaint about the night porter', {
        to: HELLO,
        from: 'Nora Night <nora@members.example>',
        body: 'He locks us out.',
      });
      const survivor = await report('Complaint: the porter again', {
        to: HELLO,
        from: 'Sam Shift <sam@members.example>',
        body: 'Locked out twice.',
      });
      expect(duplicate.reporter).toMatch(/^Anon-\d+$/);
      expect(duplicate.reporter).not.toBe(survivor.reporter);
      expect((await merge(admin, duplicate.id, { into: survivor.id })).status).toBe(200);
      expect((await entry(survivor.id, 'merged')).data.reporter).toBe(duplicate.reporter);

      // An answer in the thread of her own report (not itself a sensitive mail by the rules) reaches the survivor.
      const answer = `answer-${++n}@members.example`;
      dropMail(
        orgo.home,
        HELLO,
        `answer-${n}.eml`,
        mail({
          from: 'Nora Night <nora@members.example>',
          to: HELLO,
          subject: 'Re: more details',
          body: 'It happened again on Friday. Nora',
          id: answer,
          headers: `References: <${duplicate.source.message_id}>`,
        }),
      );
      const received = await eventually(
        () => entry(survivor.id, 'reply_received'),
        (e) => Boolean(e),
        { what: 'her answer on the survivor' },
      );
      expect(received).toMatchObject({
        actor: duplicate.reporter,
        data: { merged_from: { key: duplicate.key } },
      });
      const shown = JSON.stringify([await events(survivor.id), await task(survivor.id)]);
      expect(shown).not.toContain('nora@members.example');
      expect(shown).not.toContain('Nora');
    });

    it('refuses a sensitive report into a task that is not sensitive', async () => {
      const complaint = await report('Complaint about the shift manager', {
        to: HELLO,
        from: 'worker@members.example',
      });
      const door = await report('Door of the staff room is stuck');
      const res = await merge(admin, complaint.id, { into: door.id });
      expect([res.status, res.body.details?.code]).toEqual([409, 'TASK.MERGE_SENSITIVITY']);
    });
  });

  describe('split', () => {
    it('makes a second task of the same mail, routed and labelled as usual, with both timelines', async () => {
      const original = await report('Door of the hall is stuck and the window is cracked', {
        from: 'visitor@members.example',
      });
      const res = await split(admin, original.id, {
        title: 'Window of the hall is cracked',
        route_to: 'Front.Desk',
        category: 2,
        subcategory: 1,
        priority: 'low',
      });
      expect(res.status).toBe(201);
      const made = res.body;
      expect(made).toMatchObject({
        organization: 'riverside',
        type: original.type,
        subtype: original.subtype,
        title: 'Window of the hall is cracked',
        description: original.description,
        status: 'pending',
        priority: 'low',
        category: 2,
        subcategory: 1,
        label: '101.21.Front.Desk',
        assignee: { position: '101.Front.Desk', person: null },
        reporter: 'visitor@members.example',
        sensitive: false,
        visibility: original.visibility,
        source: { email_id: original.source.email_id, mailbox: REPAIRS, message_id: null },
        links: { ...NO_LINKS, split_from: original.id },
      });
      expect(made.key).not.toBe(original.key);
      expect(made.escalation.chain[0]).toBe('101.Front.Desk');
      expect(made.escalation.next_due_at).not.toBeNull();
      expect((await task(original.id)).links).toEqual({ ...NO_LINKS, split_into: [made.id] });

      const types = (await events(made.id)).map((e) => e.type);
      expect(types).toEqual(['created', 'routed', 'split_from']);
      expect(await entry(made.id, 'created')).toMatchObject({
        actor: 'visitor@members.example',
        data: { via: 'split', split_from: original.id, split_from_key: original.key },
      });
      expect(await entry(made.id, 'routed')).toMatchObject({
        actor: 'admin@orgo.test',
        data: { position: '101.Front.Desk', label: '101.21.Front.Desk' },
      });
      expect(await entry(made.id, 'split_from')).toMatchObject({
        actor: 'admin@orgo.test',
        data: { task_id: original.id, key: original.key, email_id: original.source.email_id },
      });
      expect(await entry(original.id, 'split')).toMatchObject({
        actor: 'admin@orgo.test',
        data: { task_id: made.id, key: made.key },
      });
      // The mail became both tasks (GET /emails/{id} lists them from the audit trail's `created` entries).
      const email = await eventually(
        async () => (await admin.get(`/api/v1/emails/${original.source.email_id}`)).body,
        (b) => Array.isArray(b.task_ids) && b.task_ids.length === 2,
        { what: 'the mail with its two tasks' },
      );
      expect([...email.task_ids].sort()).toEqual([original.id, made.id].sort());

      // Without a route or a category: the original's category, routed by the source mailbox's role like the original.
      const second = await split(admin, original.id, { title: 'Hall light flickers' });
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({
        label: original.label,
        assignee: { position: original.assignee.position },
        category: original.category,
      });
      expect((await task(original.id)).links.split_into).toEqual([made.id, second.body.id]);

      const bad = await split(admin, original.id, { title: 'Elsewhere', route_to: 'No.Such.Role' });
      expect([bad.status, bad.body.details?.code]).toEqual([409, 'TASK.UNKNOWN_POSITION']);
      expect((await split(admin, original.id, { title: '' })).status).toBe(400);
    });

    it('keeps a sensitive report sensitive under the same pseudonym, never the identity', async () => {
      const complaint = await report('Complaint about the evening supervisor', {
        to: HELLO,
        from: 'Carla Carer <carer@members.example>',
        body: 'He shouts at the volunteers. Regards, Carla Carer',
      });
      expect(complaint).toMatchObject({ sensitive: true, visibility: 'private' });
      expect(complaint.reporter).toMatch(/^Anon-\d+$/);
      const res = await split(admin, complaint.id, { title: 'Second complaint: the rota is never posted' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        sensitive: true,
        visibility: 'private',
        reporter: complaint.reporter,
        links: { split_from: complaint.id },
      });
      expect(res.body.description).toBe(complaint.description);
      const shown = JSON.stringify([res.body, await events(res.body.id), await events(complaint.id)]);
      expect(shown).not.toContain('carer@members.example');
      expect(shown).not.toContain('Carla');
    });
  });

  it('answers 404 to a member who cannot see one of the tasks, as PATCH does', async () => {
    const desk = await createMember(admin, orgo.url, 'desk@riverside.example', ['riverside']);
    const outsider = await createMember(admin, orgo.url, `nobody-${Date.now()}@riverside.example`, [
      'riverside',
    ]);
    const locker = await report('Locker 12 was forced open');
    expect(locker.visibility).toBe('private');
    const open1 = await report('Door of the café sticks');
    const open2 = await report('Café door sticking');
    const open3 = await report('Café door hinge');

    for (const [client, who] of [
      [desk, 'desk'],
      [outsider, 'outsider'],
    ] as const) {
      const into = await merge(client, open1.id, { into: locker.id });
      expect([who, into.status, into.body.details?.code]).toEqual([who, 404, 'TASK.NOT_FOUND']);
      const from = await merge(client, locker.id, { into: open1.id });
      expect([who, from.status, from.body.details?.code]).toEqual([who, 404, 'TASK.NOT_FOUND']);
      const splitOff = await split(client, locker.id, { title: 'Locker 13 too' });
      expect([who, splitOff.status, splitOff.body.details?.code]).toEqual([who, 404, 'TASK.NOT_FOUND']);
    }
    expect((await task(locker.id)).links).toEqual(NO_LINKS);
    expect((await task(open1.id)).status).toBe('pending');

    // Both visible (organization transparency): a member merges and splits.
    const merged = await merge(desk, open2.id, { into: open1.id });
    expect([merged.status, merged.body.links.merged]).toEqual([200, [open2.id]]);
    expect((await split(outsider, open3.id, { title: 'Café window too' })).status).toBe(201);
  });
});

/** The same operations on the distributed shape: RabbitMQ RPC, PostgreSQL row locks and the task_links queries. */
describe('merging and splitting tasks (distributed)', () => {
  let orgo: RunningShape;
  let admin: ApiClient;

  beforeAll(async () => {
    orgo = await startDistributed(
      path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config'),
      tempDir('orgo-merge-split-distributed-'),
    );
    admin = new ApiClient(orgo.url);
    await admin.login();
  });

  afterAll(async () => {
    await orgo?.stop();
  });

  const create = async (title: string): Promise<any> => {
    const res = await admin.request('POST', '/api/v1/tasks', {
      organization: 'riverside',
      title,
      type: 'facilities',
      category: 8,
      route_to: 'Facilities.Repairs',
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('merges, refuses a chain, and splits with links on both sides', async () => {
    const duplicate = await create('Boiler knocking');
    const survivor = await create('Boiler knocks at night');
    const merged = await admin.request('POST', `/api/v1/tasks/${duplicate.id}/merge`, { into: survivor.id });
    expect(merged).toMatchObject({
      status: 200,
      body: { id: survivor.id, links: { merged: [duplicate.id] } },
    });
    expect((await admin.get(`/api/v1/tasks/${duplicate.id}`)).body).toMatchObject({
      status: 'cancelled',
      links: { merged_into: survivor.id },
      escalation: { next_due_at: null },
    });
    const chain = await admin.request('POST', `/api/v1/tasks/${(await create('Boiler again')).id}/merge`, {
      into: duplicate.id,
    });
    expect([chain.status, chain.body.details?.code]).toEqual([409, 'TASK.MERGE_CHAIN']);

    const split = await admin.request('POST', `/api/v1/tasks/${survivor.id}/split`, {
      title: 'Radiator cold in the hall',
      route_to: 'Front.Desk',
      category: 2,
    });
    expect(split).toMatchObject({
      status: 201,
      body: { label: '101.21.Front.Desk', reporter: 'admin@orgo.test', links: { split_from: survivor.id } },
    });
    const listed = (await admin.get('/api/v1/tasks?limit=50')).body.items.find(
      (t: any) => t.id === survivor.id,
    );
    expect(listed.links).toEqual({
      merged_into: null,
      merged: [duplicate.id],
      split_from: null,
      split_into: [split.body.id],
    });
    const types = (await admin.get(`/api/v1/tasks/${survivor.id}/events`)).body.items.map((e: any) => e.type);
    expect(types.slice(-2)).toEqual(['merged', 'split']);
  });
});
