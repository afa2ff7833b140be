import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import { eventually } from './support/eventually';
import type { RunningShape } from './support/pipeline-suite';
import { dropMail, mail, standaloneShape, tempDir } from './support/standalone-process';
import { twoOrganizationsConfig } from './support/two-organizations';

const MEMBER = { email: 'rita@riverside.example', password: 'Riverside-Only-2026' };

/**
 * SPEC §3: organizations of one installation are fully isolated — a member of one never sees or
 * touches another's tasks; SPEC §6: within one, a member sees tasks by visibility. On both shapes
 * (SQLite in one process; PostgreSQL and RabbitMQ across processes).
 */
describe.each([
  ['standalone', standaloneShape],
  ['distributed', startDistributed],
])('isolation across two organizations (%s)', (_shape, start) => {
  let orgo: RunningShape;
  const home = tempDir('orgo-isolation-');
  let admin: ApiClient;
  let member: ApiClient;
  let ours: any;
  let theirs: any;

  beforeAll(async () => {
    orgo = await start(twoOrganizationsConfig(), home);
    admin = new ApiClient(orgo.url);
    await admin.login();
    const created = await admin.request('POST', '/api/v1/users', { ...MEMBER, organizations: ['riverside'] });
    expect(created).toMatchObject({ status: 201, body: { email: MEMBER.email, role: 'member', organizations: ['riverside'] } });
    member = new ApiClient(orgo.url);
    await member.login(MEMBER);
    dropMail(home, 'repairs@riverside.example', 'door.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'The back door sticks', body: 'Hard to open.', id: 'iso-door@members.example' }));
    dropMail(home, 'boats@club.lakeside.example', 'oar.eml', mail({
      from: 'rower@members.example', to: 'boats@club.lakeside.example', subject: 'Broken oar', body: 'Split blade.', id: 'iso-oar@members.example' }));
    const both = await eventually(async () => (await admin.get('/api/v1/tasks?limit=100')).body.items, (items: any[]) => items.length === 2, { what: 'a task in each organization' });
    ours = both.find((t: any) => t.organization === 'riverside');
    theirs = both.find((t: any) => t.organization === 'lakeside');
  });

  afterAll(async () => {
    await orgo.stop();
  });

  it('lists only the tasks of the member’s organization, even when asked for the other', async () => {
    const all = await member.get('/api/v1/tasks?limit=100');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 1, items: [{ id: ours.id, organization: 'riverside' }] });
    expect((await member.get('/api/v1/tasks?organization=lakeside')).body).toMatchObject({ total: 0, items: [] });
    expect((await member.get(`/api/v1/tasks?text=oar`)).body).toMatchObject({ total: 0, items: [] });
  });

  it('answers GET of the other organization’s task with 404, like a missing one', async () => {
    expect((await member.get(`/api/v1/tasks/${ours.id}`)).status).toBe(200);
    const res = await member.get(`/api/v1/tasks/${theirs.id}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ details: { code: 'TASK.NOT_FOUND' } });
    expect(JSON.stringify(res.body)).not.toContain('lakeside');
  });

  it('answers its events with 404', async () => {
    expect((await member.get(`/api/v1/tasks/${ours.id}/events`)).status).toBe(200);
    expect((await member.get(`/api/v1/tasks/${theirs.id}/events`)).status).toBe(404);
  });

  it('refuses to change it (status or assignee) with 404, and it stays unchanged', async () => {
    const status = await member.request('PATCH', `/api/v1/tasks/${theirs.id}`, { status: 'cancelled', reason: 'not mine' });
    expect(status.status).toBe(404);
    const assign = await member.request('PATCH', `/api/v1/tasks/${theirs.id}`, { assignee: { position: '1001.Boats.Repairs' } });
    expect(assign.status).toBe(404);
    const after = (await admin.get(`/api/v1/tasks/${theirs.id}`)).body;
    expect(after).toMatchObject({ status: theirs.status, assignee: theirs.assignee, version: theirs.version });
    expect((await admin.get(`/api/v1/tasks/${theirs.id}/events`)).body.items.map((e: any) => e.type)).not.toContain('status_changed');
  });

  it('shows the member’s organization and answers the other with 404', async () => {
    expect((await member.get('/api/v1/organizations/riverside')).status).toBe(200);
    const res = await member.get('/api/v1/organizations/lakeside');
    expect(res).toMatchObject({ status: 404, body: { details: { code: 'ORGANIZATION.NOT_FOUND' } } });
  });

  it('lets only an administrator add users, and only for configured organizations', async () => {
    expect((await member.request('POST', '/api/v1/users', { email: 'x@riverside.example', password: 'Long-enough-pass-1', organizations: ['riverside'] })).status).toBe(403);
    const unknown = await admin.request('POST', '/api/v1/users', { email: 'y@riverside.example', password: 'Long-enough-pass-1', organizations: ['atlantis'] });
    expect(unknown).toMatchObject({ status: 400, body: { details: { code: 'USER.UNKNOWN_ORGANIZATION', unknown: ['atlantis'] } } });
    const again = await admin.request('POST', '/api/v1/users', { ...MEMBER, organizations: ['riverside'] });
    expect(again).toMatchObject({ status: 409, body: { details: { code: 'USER.EXISTS' } } });
  });

  // SPEC §6 Privacy: within one organization a member sees a task by its visibility and the
  // positions they hold; a private task only its assignee position and that position's chain.
  describe('visibility for members of the same organization', () => {
    let lead: ApiClient;
    let desk: ApiClient;
    let locker: any;

    beforeAll(async () => {
      for (const email of ['lead@riverside.example', 'desk@riverside.example']) {
        expect((await admin.request('POST', '/api/v1/users', { email, password: 'Riverside-Holder-2026', organizations: ['riverside'] })).status).toBe(201);
      }
      lead = new ApiClient(orgo.url);
      await lead.login({ email: 'lead@riverside.example', password: 'Riverside-Holder-2026' });
      desk = new ApiClient(orgo.url);
      await desk.login({ email: 'desk@riverside.example', password: 'Riverside-Holder-2026' });
      dropMail(home, 'repairs@riverside.example', 'locker.eml', mail({
        from: 'member@members.example', to: 'repairs@riverside.example', subject: 'Someone opened my locker', body: 'Things are missing.', id: 'iso-locker@members.example' }));
      locker = await eventually(
        async () => (await admin.get('/api/v1/tasks?limit=100')).body.items.find((t: any) => t.source.message_id === 'iso-locker@members.example'),
        (t) => Boolean(t),
        { what: 'the private task' },
      );
      expect(locker).toMatchObject({ visibility: 'private', assignee: { position: '1001.Facilities.Repairs' } });
    });

    it('shows a private task to a holder of a position in its chain', async () => {
      expect((await lead.get('/api/v1/tasks?limit=100')).body.items.map((t: any) => t.id).sort()).toEqual([ours.id, locker.id].sort());
      expect((await lead.get(`/api/v1/tasks/${locker.id}`)).status).toBe(200);
      expect((await lead.get(`/api/v1/tasks/${locker.id}/events`)).status).toBe(200);
    });

    it('hides it from a holder outside its chain on every task endpoint, while organization-wide tasks stay visible', async () => {
      expect((await desk.get('/api/v1/tasks?limit=100')).body).toMatchObject({ total: 1, items: [{ id: ours.id }] });
      expect((await desk.get(`/api/v1/tasks/${locker.id}`)).status).toBe(404);
      expect((await desk.get(`/api/v1/tasks/${locker.id}/events`)).status).toBe(404);
      expect((await desk.request('PATCH', `/api/v1/tasks/${locker.id}`, { status: 'in_progress' })).status).toBe(404);
      expect((await admin.get(`/api/v1/tasks/${locker.id}`)).body).toMatchObject({ status: 'pending', version: locker.version });
    });
  });
});
