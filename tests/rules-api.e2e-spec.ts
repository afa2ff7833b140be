import fs from 'node:fs';
import path from 'node:path';

import { CORPUS } from '@orgo/testing';

import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import type { RunningShape } from './support/pipeline-suite';
import { mail, standaloneShape, tempDir } from './support/standalone-process';
import { twoOrganizationsConfig } from './support/two-organizations';

const MEMBER = { email: 'rules-reader@riverside.example', password: 'Riverside-Rules-2026' };
const FOLLOWUP = `metadata: { version: "1.0" }
rules:
  - name: stale-repair
    on: time
    condition: "task.type == 'facilities' and task_unresolved_time > '4 hours'"
    action: { notify: lead@riverside.example }
`;
const HEATING = mail({
  from: 'Maya <maya@members.example>',
  to: 'repairs@riverside.example',
  subject: 'Heating broken in the gym',
  body: 'It is very cold in the gym since Monday.',
  id: 'heating-api@members.example',
});

/**
 * SPEC §5, §7: `GET /api/v1/rules` and `POST /api/v1/rules/test`, answered by the rule-engine over
 * the bus — in one process (SQLite, in-process bus) and across processes (RabbitMQ RPC).
 */
describe.each([
  ['standalone', standaloneShape],
  ['distributed', startDistributed],
])('rules API (%s)', (_shape, start) => {
  let orgo: RunningShape;
  let admin: ApiClient;
  let member: ApiClient;

  beforeAll(async () => {
    const config = twoOrganizationsConfig();
    fs.writeFileSync(path.join(config, 'organizations', 'riverside', 'rules', 'zz_followup.yaml'), FOLLOWUP);
    orgo = await start(config, tempDir('orgo-rules-api-'));
    admin = new ApiClient(orgo.url);
    await admin.login();
    expect((await admin.request('POST', '/api/v1/users', { ...MEMBER, organizations: ['riverside'] })).status).toBe(201);
    member = new ApiClient(orgo.url);
    await member.login(MEMBER);
  });

  afterAll(async () => {
    await orgo?.stop();
  });

  it('lists the effective rules with the file and layer of each, email rules first, then time rules', async () => {
    const res = await admin.get('/api/v1/rules?org=riverside');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organization: 'riverside', rule_set_hash: expect.stringMatching(/^[0-9a-f]{64}$/), defaults: { escalate_after: '24h' } });
    const rules = res.body.rules as any[];
    expect(rules[0]).toMatchObject({ name: 'drop-newsletters', file: 'workflows/workflow_rules.yaml', layer: 'global', on: 'email', action: { ignore: true } });
    expect(rules.find((r) => r.name === 'broken-heating')).toMatchObject({
      file: 'organizations/riverside/rules/riverside_rules.yaml', layer: 'organization', on: 'email', stop: true,
      condition: "subject contains 'heating' and (body contains 'cold' or keywords contains 'broken')", action: { route_to: 'repairs@riverside.example', priority: 'high' },
    });
    expect(rules[rules.length - 1]).toMatchObject({ name: 'stale-repair', on: 'time', layer: 'organization', file: 'organizations/riverside/rules/zz_followup.yaml' });
  });

  it('dry-runs a message: the parsed email, every rule with why, the match and the task it would become; nothing is created', async () => {
    const res = await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw: HEATING });
    expect(res.status).toBe(200);
    const run = res.body;
    expect(run.email).toMatchObject({ from: 'maya@members.example', to: ['repairs@riverside.example'], subject: 'Heating broken in the gym', mailbox: 'repairs@riverside.example', flags: { bulk: false, auto_submitted: false } });
    expect(run.email.keywords).toEqual(expect.arrayContaining(['heating', 'cold']));
    expect(run.rules[0]).toMatchObject({ rule: 'drop-newsletters', on: 'email', matched: false, reason: "condition false: subject contains 'newsletter'" });
    expect(run.rules.find((r: any) => r.rule === 'broken-heating')).toMatchObject({ matched: true, reason: expect.stringMatching(/^matched: /) });
    expect(run.rules.find((r: any) => r.rule === 'stale-repair')).toMatchObject({ on: 'time', matched: null, reason: expect.stringMatching(/not applicable to an incoming email/) });
    expect(run).toMatchObject({
      matched: ['broken-heating'],
      outcome: 'task',
      task: { type: 'facilities', priority: 'high', position: '1001.Facilities.Repairs', label: '1001.81.Facilities.Repairs', via: 'route_to', reactivity: { ms: 2000, source: 'rule' } },
    });
    expect((await admin.get('/api/v1/tasks?limit=100')).body.items).toEqual([]);
  });

  it('takes base64 and an explicit mailbox; reads real mail as the parser does', async () => {
    const raw = fs.readFileSync(path.join(CORPUS, 'eml', 'mailparser', 'delivery-status.eml'));
    const res = await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw_base64: raw.toString('base64'), mailbox: 'Hello@Riverside.example' });
    expect(res.status).toBe(200);
    expect(res.body.email).toMatchObject({ mailbox: 'hello@riverside.example', flags: { bounce: true } });
    expect(res.body.task).toMatchObject({ position: '101.Front.Desk', via: 'mailbox_role' });
  });

  it('takes a whole large message (the other routes keep the small body limit)', async () => {
    const raw = fs.readFileSync(path.join(CORPUS, 'eml', 'mailparser', 'htmllargecallstack.eml'));
    expect(raw.length).toBeGreaterThan(500_000);
    const res = await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw_base64: raw.toString('base64'), mailbox: 'hello@riverside.example' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: expect.stringMatching(/^(task|reply)$/), task: { position: '101.Front.Desk' } });
    const login = await admin.request('POST', '/api/v1/auth/login', { email: 'admin@orgo.test', password: 'x'.repeat(200_000) }, false);
    expect(login.status).toBe(413);
    expect(login.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/larger than this route takes/) });
  });

  it('says ignore for what a rule ignores', async () => {
    const news = mail({ from: 'news@vendor.example', to: 'repairs@riverside.example', subject: 'Our November newsletter', body: 'Deals.', id: 'n-api@vendor.example' });
    const res = await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw: news });
    expect(res.body).toMatchObject({ outcome: 'ignore', matched: ['drop-newsletters'], task: null });
  });

  it('validates the body: an organization and exactly one of raw and raw_base64', async () => {
    const missing = await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.message)).toMatch(/raw/);
    expect((await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw: HEATING, raw_base64: 'aGk=' })).status).toBe(400);
    expect((await admin.request('POST', '/api/v1/rules/test', { raw: HEATING })).status).toBe(400);
    expect((await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw_base64: 'not base64 at all!' })).status).toBe(400);
    expect((await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw: HEATING, extra: 1 })).status).toBe(400);
    const unparseable = await admin.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw: 'just some words, no headers' });
    expect(unparseable.status).toBe(400);
    expect(unparseable.body.details.code).toMatch(/^EMAIL\./);
  });

  it('a member tests and reads only the rules of the organizations in their scope', async () => {
    expect((await member.get('/api/v1/rules?org=riverside')).status).toBe(200);
    expect((await member.request('POST', '/api/v1/rules/test', { organization: 'riverside', raw: HEATING })).status).toBe(200);
    const list = await member.get('/api/v1/rules?org=lakeside');
    expect(list.status).toBe(404);
    expect(list.body).toMatchObject({ details: { code: 'ORGANIZATION.NOT_FOUND' } });
    expect((await member.request('POST', '/api/v1/rules/test', { organization: 'lakeside', raw: HEATING })).status).toBe(404);
    expect((await admin.get('/api/v1/rules?org=lakeside')).status).toBe(200);
    expect((await admin.get('/api/v1/rules?org=nowhere')).status).toBe(404);
    expect((await member.request('GET', '/api/v1/rules?org=riverside', undefined, false)).status).toBe(401);
  });
});
