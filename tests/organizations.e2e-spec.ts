import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';
import { twoOrganizationsConfig } from './support/two-organizations';

/** SPEC §3, §6, §7: `GET /api/v1/organizations/{slug}` shows the effective organization and where each parameter came from. */
describe('organizations API (standalone)', () => {
  let orgo: Standalone;
  let api: ApiClient;

  beforeAll(async () => {
    orgo = await startStandalone(twoOrganizationsConfig(), tempDir('orgo-organizations-'));
    api = new ApiClient(orgo.url);
    await api.login();
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  it('shows the effective parameters, each with its source', async () => {
    const res = await api.get('/api/v1/organizations/lakeside');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slug: 'lakeside', name: 'Lakeside Rowing Club', type: 'community', timezone: 'Europe/Dublin', profile: 'friend_group', triage: '101.Club.Secretary' });
    expect(Object.keys(res.body.parameters).sort()).toEqual([
      'automation_level', 'escalation_granularity', 'logging_level', 'notification_scope', 'pattern_sensitivity',
      'reactivity', 'retention', 'review_frequency', 'severity_threshold', 'transparency',
    ]);
    expect(res.body.parameters).toMatchObject({
      reactivity: { value: { critical: '1d', high: '2h', medium: '1w', low: '2w' }, source: 'organization override' },
      severity_threshold: { value: 'major', source: 'organization override' },
      automation_level: { value: 'manual', source: 'profile: friend_group' },
      transparency: { value: 'organization', source: 'profile: friend_group' },
      pattern_sensitivity: { value: { count: 10, window: '180d' }, source: 'profile: friend_group' },
      retention: { value: '6 months', source: 'profile: friend_group' },
    });
    const riverside = (await api.get('/api/v1/organizations/riverside')).body;
    expect(riverside.parameters).toMatchObject({
      transparency: { value: 'organization', source: 'organization override' },
      automation_level: { value: 'assisted', source: 'profile: retail_chain' },
    });
  });

  it('shows roles and positions with holders, reports_to (explicit or derived) and chain', async () => {
    const body = (await api.get('/api/v1/organizations/lakeside')).body;
    expect(body.roles).toEqual([
      { id: 'Boats.Repairs', addresses: ['boats@club.lakeside.example'], entry: '1001.Boats.Repairs' },
      { id: 'Club.Secretary', addresses: ['hello@lakeside.example'], entry: '101.Club.Secretary' },
    ]);
    const byId = Object.fromEntries(body.positions.map((p: any) => [p.id, p]));
    expect(byId['1001.Boats.Repairs']).toEqual({
      id: '1001.Boats.Repairs', level: 1001, role: 'Boats.Repairs', title: 'Boat repairer', holders: ['fixer@lakeside.example'],
      reports_to: '11.Boats', reports_to_source: 'explicit', chain: ['1001.Boats.Repairs', '11.Boats', '1'],
      calendar_source: 'organization',
    });
    // No calendar: reactivity counts round the clock; warnings at the default 80 %.
    expect(body).toMatchObject({ calendar: null, warn_at: 0.8 });
    expect(byId['101.Club.Secretary']).toMatchObject({ reports_to: '1', reports_to_source: 'derived', chain: ['101.Club.Secretary', '1'] });
    expect(byId['1']).toMatchObject({ reports_to: null, level: 1, role: null, chain: ['1'] });
  });

  it('answers an unknown organization with 404 and the error shape', async () => {
    const res = await api.get('/api/v1/organizations/nowhere');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, details: { code: 'ORGANIZATION.NOT_FOUND' } });
  });

  it('requires a token', async () => {
    expect((await api.request('GET', '/api/v1/organizations/lakeside', undefined, false)).status).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await api.request('GET', '/api/docs-json', undefined, false)).body;
    expect(doc.paths['/api/v1/organizations/{slug}'].get).toMatchObject({ summary: 'The effective organization' });
  });

  const byMessage = async (id: string): Promise<any> =>
    (await api.get('/api/v1/tasks?limit=100')).body.items.find((t: any) => t.source.message_id === id);

  it('automation manual: the task waits in triage with its suggested route until a person confirms it', async () => {
    dropMail(orgo.home, 'boats@club.lakeside.example', 'oar.eml', mail({
      from: 'rower@members.example', to: 'boats@club.lakeside.example', subject: 'Broken oar on the red boat', body: 'The blade split.', id: 'oar-1@members.example' }));
    const task = await eventually(() => byMessage('oar-1@members.example'), (t) => Boolean(t), { what: 'the oar task' });
    expect(task).toMatchObject({
      organization: 'lakeside', status: 'pending', assignee: { position: '101.Club.Secretary', person: null }, suggested_position: '1001.Boats.Repairs',
      label: '101.81.Club.Secretary', visibility: 'organization', escalation: { level: 0, chain: ['101.Club.Secretary'], next_due_at: null },
    });
    const routed = (await api.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'routed');
    expect(routed.data).toMatchObject({ position: '101.Club.Secretary', via: 'awaiting_confirmation', suggested_position: '1001.Boats.Repairs', suggested_via: 'route_to', automation_level: 'manual' });

    const unknown = await api.request('PATCH', `/api/v1/tasks/${task.id}`, { assignee: { position: '101.Boats.Nowhere' } });
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({ details: { code: 'TASK.UNKNOWN_POSITION', position: '101.Boats.Nowhere' } });
    expect((await api.get(`/api/v1/tasks/${task.id}`)).body).toMatchObject({ assignee: { position: '101.Club.Secretary' }, suggested_position: '1001.Boats.Repairs' });

    const confirmed = await api.request('PATCH', `/api/v1/tasks/${task.id}`, { assignee: { position: '1001.Boats.Repairs' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'pending', assignee: { position: '1001.Boats.Repairs' }, suggested_position: null, label: '1001.81.Boats.Repairs',
      escalation: { level: 0, chain: ['1001.Boats.Repairs', '11.Boats', '1'] },
    });
    // Reactivity `high: 2h` (the organization's override) starts when the route is confirmed.
    expect(Date.parse(confirmed.body.escalation.next_due_at) - Date.parse(confirmed.body.updated_at)).toBe(2 * 3600_000);
    const assigned = (await api.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'assigned');
    expect(assigned).toMatchObject({ actor: 'admin@orgo.test', data: { from: '101.Club.Secretary', position: '1001.Boats.Repairs', suggested_position: '1001.Boats.Repairs', confirmed: true } });
  });

  it('automation assisted: the task is routed at once, with the transparency the organization set', async () => {
    dropMail(orgo.home, 'repairs@riverside.example', 'door.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'The back door sticks', body: 'Hard to open.', id: 'door-1@members.example' }));
    const task = await eventually(() => byMessage('door-1@members.example'), (t) => Boolean(t), { what: 'the door task' });
    expect(task).toMatchObject({ organization: 'riverside', assignee: { position: '1001.Facilities.Repairs' }, suggested_position: null, visibility: 'organization' });
    expect(task.escalation.next_due_at).not.toBeNull();
  });

  it('refuses a PATCH with neither status nor assignee', async () => {
    const task = await byMessage('door-1@members.example');
    const res = await api.request('PATCH', `/api/v1/tasks/${task.id}`, { reason: 'nothing' });
    expect(res.status).toBe(400);
  });
});
