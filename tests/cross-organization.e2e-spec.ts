import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { readOutbox } from './support/outbox';
import { ROOT, type Standalone, dropMail, mail, runOrgo, startStandalone, tempDir } from './support/standalone-process';

const MEMBER = { email: 'clerk@riverside.example', password: 'Riverside-Clerk-2026' };

/** Writes a Riverside rule file holding one rule that matches a subject phrase, placed first. */
function writeRiversideRule(config: string, file: string, name: string, phrase: string, action: string): void {
  fs.writeFileSync(
    path.join(config, 'organizations', 'riverside', 'rules', file),
    `metadata: { version: "1.0" }\nrules:\n  - name: ${name}\n    priority: 100\n    condition: "subject contains '${phrase}'"\n    action: ${action}\n`,
  );
}

/** Riverside plus a district office, and a Riverside rule routing safety audits to the district explicitly. */
function districtConfig(routeTo: string): string {
  const dir = tempDir('orgo-district-');
  fs.cpSync(path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'organizations', 'district'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'organizations', 'district', 'organization.yaml'),
    `metadata: { version: "1.0" }
organization: { slug: district, name: River District Office, type: community, timezone: UTC, profile: retail_chain, triage: "101.Records" }
positions:
  - { id: "1", title: Superintendent, holders: [superintendent@district.example] }
  - { id: "11.Safety", title: Safety officer, holders: [safety@district.example] }
  - { id: "101.Records", title: Records clerk, holders: [records@district.example] }
roles:
  - { id: Safety, addresses: [safety-desk@district.example] }
`,
  );
  writeRiversideRule(dir, 'zz-district.yaml', 'safety-audit', 'safety audit', `{ type: safety, subtype: audit, category: 3, subcategory: 4, route_to: "${routeTo}" }`);
  return dir;
}

describe('cross-organization routing (standalone)', () => {
  let orgo: Standalone;
  let admin: ApiClient;
  let member: ApiClient;
  let config: string;

  beforeAll(async () => {
    config = districtConfig('district:11.Safety');
    orgo = await startStandalone(config, tempDir('orgo-district-home-'));
    admin = new ApiClient(orgo.url);
    await admin.login();
    expect((await admin.request('POST', '/api/v1/users', { ...MEMBER, organizations: ['riverside'] })).status).toBe(201);
    member = new ApiClient(orgo.url);
    await member.login(MEMBER);
    dropMail(orgo.home, 'hello@riverside.example', 'audit.eml', mail({
      from: 'director@riverside.example', to: 'hello@riverside.example', subject: 'Safety audit of the pool area', body: 'Please review the pool fencing.', id: 'audit-1@riverside.example' }));
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  it('creates the task in the organization the rule names, with its chain and key, recording where it came from', async () => {
    const task = await eventually(
      async () => (await admin.get('/api/v1/tasks?organization=district')).body.items[0],
      (t) => Boolean(t),
      { what: 'the task in the district' },
    );
    expect(task).toMatchObject({
      key: 'RDO-1',
      organization: 'district',
      label: '11.34.Safety',
      assignee: { position: '11.Safety' },
      escalation: { chain: ['11.Safety', '1'] },
      source: { organization: 'riverside', mailbox: 'hello@riverside.example' },
    });
    expect((await admin.get('/api/v1/tasks?organization=riverside')).body.items.find((t: any) => t.id === task.id)).toBeUndefined();
    const routed = (await admin.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'routed');
    expect(routed.data).toMatchObject({ position: '11.Safety', via: 'route_to', from_organization: 'riverside', holders: ['safety@district.example'] });
    const notice = await eventually(
      async () => (await readOutbox(orgo.home)).find((m) => m.subject.includes(task.key)),
      (m) => Boolean(m),
      { what: 'the district notification' },
    );
    expect(notice?.to).toEqual(['safety@district.example']);
  });

  it('keeps the task out of sight of the source organization\'s members', async () => {
    const all = (await admin.get('/api/v1/tasks?organization=district')).body.items;
    expect(all).toHaveLength(1);
    const seen = (await member.get('/api/v1/tasks?limit=100')).body.items;
    expect(seen.find((t: any) => t.organization === 'district')).toBeUndefined();
    expect((await member.get(`/api/v1/tasks/${all[0].id}`)).status).toBe(404);
  });

  it('routes by fallback, and says why, when a rule changed while running names an organization that is not loaded', async () => {
    writeRiversideRule(config, 'zz-county.yaml', 'county-report', 'county report', '{ type: safety, category: 3, subcategory: 4, route_to: "county:11.Safety" }');
    await eventually(async () => orgo.output(), (out) => /rules +riverside: reloaded/.test(out), { what: 'the rule change taken' });
    dropMail(orgo.home, 'hello@riverside.example', 'county.eml', mail({
      from: 'director@riverside.example', to: 'hello@riverside.example', subject: 'County report due', body: 'The yearly county report.', id: 'county-1@riverside.example' }));
    const task = await eventually(
      async () => (await admin.get('/api/v1/tasks?organization=riverside')).body.items.find((t: any) => t.title === 'County report due'),
      (t) => Boolean(t),
      { what: 'the county task' },
    );
    expect(task).toMatchObject({ organization: 'riverside', source: { organization: null } });
    const routed = (await admin.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'routed');
    expect(routed.data.problem).toBe("route_to 'county:11.Safety' names organization county, which is not loaded; routed in riverside by fallback");
  });
});

describe('cross-organization routes at load', () => {
  it.each([
    ['a target of another organization not named explicitly', '11.Safety', /rules\[0\]\.action\.route_to[\s\S]*district:11\.Safety/],
    ['an organization that does not exist', 'county:11.Safety', /an organization that exists/],
    ['a target the named organization lacks', 'district:11.Pools', /a role address, role or position of district/],
  ])('refuses %s, naming file, rule and key path', async (_name, routeTo, message) => {
    const run = runOrgo(['start', '--config', districtConfig(routeTo), '--home', tempDir('orgo-district-bad-'), '--port', '0']);
    expect(await run.exited).toBe(1);
    const out = run.output();
    expect(out).toContain('organizations/riverside/rules/zz-district.yaml');
    expect(out).toContain('safety-audit');
    expect(out).toMatch(message);
  });
});
