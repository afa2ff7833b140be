import { ApiClient } from './support/api-client';
import { type Standalone, startStandalone, tempDir } from './support/standalone-process';
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
    });
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
});
