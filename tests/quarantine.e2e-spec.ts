import fs from 'node:fs';
import path from 'node:path';

import { describeHits, scanRawDatabases } from '@orgo/testing';

import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import { eventually } from './support/eventually';
import type { RunningShape } from './support/pipeline-suite';
import { ADMIN, ROOT, type Standalone, dropMail, mail, runOrgo, startStandalone, tempDir } from './support/standalone-process';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const CORPUS = process.env.ORGO_TEST_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus', 'eml');
const MAILBOX = 'repairs@riverside.example';
/** A named sender with a phone number: neither may be in clear in the gateway's or the parser's tables. */
const REPORTER = { address: 'maria.lopez@members.example', phone: '+1 (555) 010-4477' };

/**
 * The quarantine through the API and the `orgo` command (SPEC §6, §7): mail kept aside because the
 * configuration refused it (a message over max_message_bytes, a sender on the block list) is listed
 * with its reason, replayed after the configuration changed, becomes a task once, and a second
 * replay is refused with 409.
 */
describe('quarantine: list and replay after a configuration change', () => {
  let orgo: Standalone;
  let api: ApiClient;
  const config = tempDir('orgo-quarantine-config-');
  const home = tempDir('orgo-quarantine-');
  const parserFile = path.join(config, 'services', 'parser', 'parser.yaml');
  const organizationFile = path.join(config, 'organizations', 'riverside', 'organization.yaml');
  const organizationYaml = () => fs.readFileSync(path.join(FIXTURE, 'organizations', 'riverside', 'organization.yaml'), 'utf8');
  const cli = (args: string[]) => runOrgo([...args, '--url', orgo.url], { ORGO_ADMIN_EMAIL: ADMIN.email, ORGO_ADMIN_PASSWORD: ADMIN.password });

  async function start(): Promise<void> {
    orgo = await startStandalone(config, home);
    api = new ApiClient(orgo.url);
    await api.login();
  }

  /** Stops Orgo (its parser's worker threads must not keep the process alive). */
  async function stop(): Promise<void> {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  }

  beforeAll(async () => {
    fs.cpSync(FIXTURE, config, { recursive: true });
    fs.mkdirSync(path.dirname(parserFile), { recursive: true });
    fs.writeFileSync(parserFile, 'metadata: { version: "1.0" }\nmax_message_bytes: 2 KB\n');
    fs.writeFileSync(organizationFile, `${organizationYaml()}\nintake:\n  block: ["@spam.example"]\n`);
    await start();
  });

  afterAll(() => stop());

  it('lists what the configuration refused, replays it once the configuration allows it, and refuses a second replay', async () => {
    // A real 3.8 KB message with a PDF (over the 2 KB limit), a blocked sender, and a small mail that passes.
    const inbox = path.join(home, 'inbox', MAILBOX);
    fs.mkdirSync(inbox, { recursive: true });
    fs.copyFileSync(path.join(CORPUS, 'ruby-mail/attachment_emails/attachment_pdf.eml'), path.join(inbox, 'pdf.eml.tmp'));
    fs.renameSync(path.join(inbox, 'pdf.eml.tmp'), path.join(inbox, 'pdf.eml'));
    dropMail(home, MAILBOX, 'spam.eml', mail({ from: 'offers@spam.example', to: MAILBOX, subject: 'Window cleaning offer', body: 'Cheap.', id: 'offer-1@spam.example' }));
    dropMail(home, MAILBOX, 'door.eml', mail({ from: 'member@members.example', to: MAILBOX, subject: 'Door will not lock', body: 'Stuck.', id: 'q-door@members.example' }));
    await eventually(async () => (await api.get('/api/v1/tasks')).body, (b) => b.total === 1, { what: 'the small mail as a task' });

    const listed = await eventually(async () => (await api.get('/api/v1/quarantine')).body, (b) => b.total === 2, { what: 'two quarantined mails' });
    const tooLarge = listed.items.find((q: { reason: string }) => q.reason === 'EMAIL.TOO_LARGE');
    const blocked = listed.items.find((q: { reason: string }) => q.reason === 'EMAIL.BLOCKED_SENDER');
    expect(tooLarge).toMatchObject({ organization: 'riverside', mailbox: MAILBOX, size: expect.any(Number), replayed_at: null, attempts: 0 });
    expect(tooLarge.message).toMatch(/max_message_bytes/);
    expect(blocked).toMatchObject({ sender: 'offers@spam.example', subject: 'Window cleaning offer' });
    expect(blocked.message).toContain("'@spam.example'");

    // Filters and pages, with the total.
    expect((await api.get('/api/v1/quarantine?reason=EMAIL.BLOCKED_SENDER')).body).toMatchObject({ total: 1, items: [{ id: blocked.id }] });
    expect((await api.get('/api/v1/quarantine?organization=elsewhere')).body.total).toBe(0);
    expect((await api.get('/api/v1/quarantine?limit=1&offset=1')).body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [expect.any(Object)] });
    const badFilter = await api.get('/api/v1/quarantine?reason=SOMETHING');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.message).toContain('EMAIL.TOO_LARGE');
    expect((await new ApiClient(orgo.url).request('GET', '/api/v1/quarantine', undefined, false)).status).toBe(401);

    const list = cli(['quarantine', 'list']);
    expect(await list.exited).toBe(0);
    expect(list.output()).toContain(`${tooLarge.id}`);
    expect(list.output()).toContain('EMAIL.BLOCKED_SENDER');

    // Replayed before the fix: still quarantined, with the reason it still has.
    const early = await api.request('POST', `/api/v1/quarantine/${tooLarge.id}/replay`);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ outcome: 'quarantined', reason: 'EMAIL.TOO_LARGE', item: { attempts: 1, replayed_at: null } });

    // The fix is a configuration change: a larger limit, the block list emptied; Orgo restarts with the same home.
    await stop();
    fs.writeFileSync(parserFile, 'metadata: { version: "1.0" }\nmax_message_bytes: 10 MB\n');
    fs.writeFileSync(organizationFile, organizationYaml());
    await start();

    const replay = cli(['quarantine', 'replay', tooLarge.id]);
    expect(await replay.exited).toBe(0);
    expect(replay.output()).toContain(`Replayed ${tooLarge.id}: Parsed and passed on to the rules`);
    const unblocked = await api.request('POST', `/api/v1/quarantine/${blocked.id}/replay`);
    expect(unblocked).toMatchObject({ status: 200, body: { outcome: 'parsed', item: { replayed_at: expect.any(String) } } });

    const tasks = await eventually(async () => (await api.get('/api/v1/tasks')).body, (b) => b.total === 3, { what: 'both replayed mails as tasks' });
    expect(tasks.items.map((t: { title: string }) => t.title).sort()).toEqual(['Another PDF with 🎉 Unicode chars in it 🍿', 'Door will not lock', 'Window cleaning offer']);

    // Never twice: a second replay is refused, through the API and the command.
    const again = await api.request('POST', `/api/v1/quarantine/${tooLarge.id}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.details).toMatchObject({ code: 'QUARANTINE.ALREADY_REPLAYED' });
    const cliAgain = cli(['quarantine', 'replay', blocked.id]);
    expect(await cliAgain.exited).toBe(1);
    expect(cliAgain.output()).toContain('already replayed');
    expect((await api.request('POST', '/api/v1/quarantine/00000000-0000-4000-8000-000000000000/replay')).status).toBe(404);
    expect((await api.request('POST', '/api/v1/quarantine/garbage/replay')).status).toBe(400);

    expect((await api.get('/api/v1/quarantine')).body.total).toBe(0);
    expect((await api.get('/api/v1/quarantine?status=replayed')).body.total).toBe(2);
    expect((await api.get('/api/v1/tasks')).body.total).toBe(3);
  });

  it('shows members only the quarantine of their positions’ mailboxes, finds a sender by exact address only, and keeps senders out of the gateway’s and parser’s tables', async () => {
    const memberClient = async (email: string) => {
      const credentials = { email, password: 'Plum-Orbit-Glacier-47' };
      expect((await api.request('POST', '/api/v1/users', { ...credentials, role: 'member', organizations: ['riverside'] })).status).toBe(201);
      const client = new ApiClient(orgo.url);
      await client.login(credentials);
      return client;
    };
    // A handyperson holds a position of the role whose address both mails went to; the front desk (triage) and someone without a position do not.
    const handy = await memberClient('handy1@riverside.example');
    const desk = await memberClient('desk@riverside.example');
    const nobody = await memberClient('nobody@riverside.example');
    const all = (await api.get('/api/v1/quarantine?status=all')).body;
    expect(all.total).toBe(2);
    expect((await handy.get('/api/v1/quarantine?status=all')).body).toMatchObject({ total: 2 });
    expect((await desk.get('/api/v1/quarantine?status=all')).body).toMatchObject({ total: 0, items: [] });
    expect((await nobody.get('/api/v1/quarantine?status=all')).body).toMatchObject({ total: 0, items: [] });
    expect((await handy.request('POST', `/api/v1/quarantine/${all.items[0].id}/replay`)).status).toBe(403);

    expect((await api.get('/api/v1/quarantine?status=all&sender=OFFERS@spam.example')).body).toMatchObject({ total: 1, items: [{ sender: 'offers@spam.example' }] });
    expect((await api.get('/api/v1/quarantine?status=all&sender=other@spam.example')).body.total).toBe(0);
    expect((await api.get('/api/v1/quarantine?status=all&sender=spam.example')).status).toBe(400);

    dropMail(home, MAILBOX, 'report.eml', mail({ from: `Maria Lopez <${REPORTER.address}>`, to: MAILBOX, subject: 'Tap leaking', body: `The tap leaks. Call me: ${REPORTER.phone}\n\nMaria Lopez`, id: 'q-tap@members.example' }));
    await eventually(async () => (await api.get('/api/v1/tasks')).body, (b) => b.total === 4, { what: 'the named sender’s mail as a task' });
    const databases = ['email-gateway', 'parser'].map((service) => path.join(home, 'data', `${service}.sqlite`));
    const hits = await scanRawDatabases({ sqlite: databases }, [REPORTER.address, 'Maria', 'Lopez', { phone: REPORTER.phone }]);
    expect(describeHits(hits)).toBe('');
  });
});

/**
 * The same over RabbitMQ and PostgreSQL (eight processes): a sender over the rate limit is held in
 * quarantine (the limit counted in the parser's PostgreSQL schema), listed through the API's RPC to
 * the parser, and a replay — which the rate limit does not hold back — makes the task, once.
 */
describe('quarantine in the distributed shape: a rate-limited mail replayed into one task', () => {
  let orgo: RunningShape;
  let api: ApiClient;
  const config = tempDir('orgo-quarantine-distributed-config-');
  const home = tempDir('orgo-quarantine-distributed-');

  beforeAll(async () => {
    fs.cpSync(FIXTURE, config, { recursive: true });
    fs.mkdirSync(path.join(config, 'services', 'parser'), { recursive: true });
    fs.writeFileSync(path.join(config, 'services', 'parser', 'parser.yaml'), 'metadata: { version: "1.0" }\nrate_limit: { messages: 2, window: 1h }\n');
    orgo = await startDistributed(config, home);
    api = new ApiClient(orgo.url);
    await api.login();
  });

  afterAll(() => orgo?.stop());

  it('holds the third mail of a sender, lists it, replays it into a task once', async () => {
    for (const n of [1, 2, 3]) {
      dropMail(home, MAILBOX, `loop-${n}.eml`, mail({ from: 'loop@members.example', to: MAILBOX, subject: `Heater report ${n}`, body: 'Cold.', id: `loop-${n}@members.example` }));
      // One at a time, so that the third is the one over the limit.
      await eventually(async () => {
        const [tasks, held] = await Promise.all([api.get('/api/v1/tasks'), api.get('/api/v1/quarantine')]);
        return tasks.body.total + held.body.total;
      }, (count) => count === n, { what: `mail ${n} decided` });
    }
    const held = (await api.get('/api/v1/quarantine?reason=EMAIL.RATE_LIMITED')).body;
    expect(held).toMatchObject({ total: 1, items: [{ sender: 'loop@members.example', subject: 'Heater report 3' }] });
    expect(held.items[0].message).toMatch(/more than 2 messages to riverside within 1h/);

    const replay = await api.request('POST', `/api/v1/quarantine/${held.items[0].id}/replay`);
    expect(replay).toMatchObject({ status: 200, body: { outcome: 'parsed' } });
    const tasks = await eventually(async () => (await api.get('/api/v1/tasks')).body, (b) => b.total === 3, { what: 'the replayed mail as a task' });
    expect(tasks.items.map((t: { title: string }) => t.title).sort()).toEqual(['Heater report 1', 'Heater report 2', 'Heater report 3']);
    expect((await api.request('POST', `/api/v1/quarantine/${held.items[0].id}/replay`)).status).toBe(409);
    expect((await api.get('/api/v1/tasks')).body.total).toBe(3);
  });
});
