import fs from 'node:fs';
import path from 'node:path';

import { type CorpusMessage, corpusReports, riversideWithEmail } from '@orgo/testing';

import { ApiClient } from './support/api-client';
import { TestPop3Dovecot } from './support/dovecot-pop3';
import { eventually } from './support/eventually';
import { Fetchmail } from './support/fetchmail';
import { type Standalone, freePort, runOrgo, startStandalone, tempDir } from './support/standalone-process';

const HELLO = { user: 'hello@riverside.example', password: 'front-desk-Pop3-1' };

/**
 * POP3 mailboxes (docs/adr/0014-pop3.md): Orgo has no POP3 intake — a `pop3` key stops the start
 * with the reason and what to do instead — and the way it documents instead works against
 * Dovecot's real POP3 service: fetchmail, configured from config/services/email/fetchmailrc.example
 * (STLS, keep, uidl), writes the mail into the drop folder of the role address, and it becomes
 * tasks in the standalone shape, each exactly once across re-polls, a restart of Orgo and a lost
 * UIDL list; a refused login is fetchmail's exit status 3 (AUTHFAIL) naming the mailbox.
 */
describe('POP3 mailboxes (standalone, real Dovecot POP3): no intake, fetchmail into the drop folder', () => {
  let dovecot: TestPop3Dovecot;
  let fetchmail: Fetchmail;
  let orgo: Standalone;
  let api: ApiClient;
  let port: number;
  let config: string;
  const home = tempDir('orgo-pop3-');
  const corpus = corpusReports();
  let next = 0;
  const take = (n: number): CorpusMessage[] => {
    const batch = corpus.slice(next, next + n);
    next += n;
    if (batch.length < n) throw new Error(`the corpus has only ${corpus.length} usable reports`);
    return batch;
  };
  const inbox = path.join(home, 'inbox', HELLO.user);
  const waiting = () => (fs.existsSync(inbox) ? fs.readdirSync(inbox).length : 0);

  const taskIds = async (): Promise<string[]> => {
    const ids: string[] = [];
    for (;;) {
      const res = await api.get(`/api/v1/tasks?organization=riverside&limit=200&offset=${ids.length}`);
      if (res.status !== 200) throw new Error(`task list: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(...res.body.items.map((t: any) => t.source.message_id));
      if (ids.length >= res.body.total || res.body.items.length === 0) return ids;
    }
  };
  const start = async () => {
    orgo = await startStandalone(config, home, port);
    api = new ApiClient(orgo.url);
    await api.login();
  };
  const stop = async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  };

  beforeAll(async () => {
    dovecot = await TestPop3Dovecot.start([HELLO]);
    port = await freePort();
    config = riversideWithEmail({});
    await start();
    fetchmail = new Fetchmail({
      address: HELLO.user,
      password: HELLO.password,
      host: dovecot.host,
      port: dovecot.port,
      caFile: dovecot.caFile,
      home,
    });
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
    await dovecot?.destroy();
  });

  it('refuses a pop3 key at start, naming the decision and the two ways to read such a mailbox', async () => {
    const dir = riversideWithEmail({});
    fs.writeFileSync(
      path.join(dir, 'services', 'email', 'email.yaml'),
      `metadata: { version: "1.0" }\npop3:\n  enabled: true\n  mailboxes: [{ address: ${HELLO.user}, host: ${dovecot.host}, port: ${dovecot.port} }]\n`,
    );
    const run = runOrgo(['start', '--config', dir, '--home', tempDir('orgo-pop3-refused-'), '--port', '0']);
    expect(await run.exited).toBe(1);
    const out = run.output();
    expect(out).toContain('docs/adr/0014-pop3.md');
    expect(out).toContain('imap.mailboxes');
    expect(out).toContain('fetchmail');
    expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it('turns mail delivered into the Dovecot mailbox into tasks (STLS, mail kept on the server)', async () => {
    const batch = take(3);
    dovecot.deliver(
      HELLO,
      batch.map((m) => m.raw),
    );
    const polled = await fetchmail.run();
    expect([polled.status, polled.status === 0 ? '' : polled.output]).toEqual([0, '']);
    const ids = await eventually(taskIds, (t) => t.length >= batch.length, {
      what: 'tasks from the POP3 mail',
      timeoutMs: 60_000,
    });
    expect(ids.sort()).toEqual(batch.map((m) => m.messageId).sort());
    const tasks = (await api.get('/api/v1/tasks?organization=riverside&limit=100')).body.items;
    for (const m of batch)
      expect(tasks.find((t: any) => t.source.message_id === m.messageId).source.mailbox).toBe(HELLO.user);
    await eventually(
      async () => waiting(),
      (n) => n === 0,
      { what: 'the drop folder emptied' },
    );
    expect(dovecot.count(HELLO)).toBe(batch.length);
    // The login went over STLS (the example requires it on port 110).
    expect(dovecot.log()).toMatch(new RegExp(`pop3-login: Info: Login: user=<${HELLO.user}>.*, TLS, `));
  });

  it('takes nothing twice on a re-poll, and only the new mail after a delivery', async () => {
    const before = await taskIds();
    expect((await fetchmail.run()).status).toBe(1);
    expect(waiting()).toBe(0);
    const [late] = take(1);
    dovecot.deliver(HELLO, [late.raw]);
    const polled = await fetchmail.run();
    expect(polled.status).toBe(0);
    // fetchmail's UIDL list: the three taken before are recognized and not fetched again.
    expect(polled.output).toContain('4 messages (3 seen)');
    const ids = await eventually(taskIds, (t) => t.length >= before.length + 1, {
      what: 'the task of the late mail',
    });
    expect(ids.sort()).toEqual([...before, late.messageId].sort());
  });

  it('takes nothing twice across a restart of Orgo, even when fetchmail lost its UIDL list', async () => {
    const before = await taskIds();
    await stop();
    // While Orgo is down: the idfile is lost, so fetchmail hands over every message again.
    fetchmail.forget();
    const polled = await fetchmail.run();
    expect(polled.status).toBe(0);
    expect(waiting()).toBe(before.length);
    await start();
    await eventually(
      async () => waiting(),
      (n) => n === 0,
      { what: 'the drop folder taken after the restart', timeoutMs: 60_000 },
    );
    // Recognized by Message-ID (fetchmail's own Received line makes the bytes differ).
    expect((await taskIds()).sort()).toEqual([...before].sort());
  });

  it('a refused login is fetchmail exit status 3 naming the mailbox; the fixed password takes the waiting mail', async () => {
    const before = await taskIds();
    dovecot.setUsers([{ user: HELLO.user, password: 'changed-on-the-server' }]);
    const [waitingMail] = take(1);
    dovecot.deliver(HELLO, [waitingMail.raw]);
    const refused = await fetchmail.run();
    expect(refused.status).toBe(3);
    expect(refused.output).toContain(`Authorization failure on ${HELLO.user}@${dovecot.host}`);
    expect(refused.output).toContain('Query status=3 (AUTHFAIL)');
    expect(refused.output).not.toContain(HELLO.password);
    expect(waiting()).toBe(0);

    fetchmail.setPassword('changed-on-the-server');
    expect((await fetchmail.run()).status).toBe(0);
    const ids = await eventually(taskIds, (t) => t.length >= before.length + 1, {
      what: 'the mail that waited on the server',
    });
    expect(ids.sort()).toEqual([...before, waitingMail.messageId].sort());
  });
});
