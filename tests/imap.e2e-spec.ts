import fs from 'node:fs';
import path from 'node:path';

import { type CorpusMessage, corpusReports, riversideWithEmail } from '@orgo/testing';

import { ApiClient } from './support/api-client';
import { TestDovecot } from './support/dovecot';
import { eventually } from './support/eventually';
import { type Standalone, freePort, startStandalone, tempDir } from './support/standalone-process';

const HELLO = { user: 'hello@riverside.example', password: 'front-desk-Secret-1' };
const REPAIRS = { user: 'repairs@riverside.example', password: 'repairs-Secret-2' };

/**
 * The IMAP intake against a real Dovecot (installed from Debian's packages when missing, run
 * privately on loopback): `hello@` is read over TLS with IDLE and its mail moved to `Processed`;
 * `repairs@` is read over plain IMAP by polling and its mail flagged. Corpus mail appended to the
 * server becomes tasks, exactly once, through a SIGKILL of Orgo, a restart of Dovecot and a wrong
 * password.
 */
describe('IMAP intake (standalone, real Dovecot)', () => {
  let dovecot: TestDovecot;
  let orgo: Standalone;
  let api: ApiClient;
  let port: number;
  let config: string;
  const home = tempDir('orgo-imap-');
  const corpus = corpusReports();
  let next = 0;
  const take = (n: number): CorpusMessage[] => {
    const batch = corpus.slice(next, next + n);
    next += n;
    if (batch.length < n) throw new Error(`the corpus has only ${corpus.length} usable reports`);
    return batch;
  };

  const taskIds = async (): Promise<string[]> => {
    const ids: string[] = [];
    for (;;) {
      const res = await api.get(`/api/v1/tasks?organization=riverside&limit=200&offset=${ids.length}`);
      if (res.status !== 200) throw new Error(`task list: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(...res.body.items.map((t: any) => t.source.message_id));
      if (ids.length >= res.body.total || res.body.items.length === 0) return ids;
    }
  };
  const ready = async (): Promise<any> => (await fetch(`${orgo.url}/health/ready`)).json();
  const mailboxes = async (): Promise<any[]> => (await ready()).services.find((s: any) => s.service === 'email-gateway').details.imap.mailboxes;
  const start = async () => {
    orgo = await startStandalone(config, home, port);
    api = new ApiClient(orgo.url);
    await api.login();
  };

  beforeAll(async () => {
    dovecot = await TestDovecot.start([HELLO, REPAIRS]);
    port = await freePort();
    config = riversideWithEmail(
      {
        imap: {
          enabled: true,
          reconnect: { initial_delay: '200ms', max_delay: '2s' },
          mailboxes: [
            {
              address: HELLO.user,
              host: dovecot.host,
              port: dovecot.tlsPort,
              tls: 'implicit',
              tls_ca_file: dovecot.caFile,
              auth: { user: HELLO.user, secret: 'hello_imap' },
              processed: { action: 'move', folder: 'Processed' },
              poll_interval: '1 minute',
            },
            {
              address: REPAIRS.user,
              host: dovecot.host,
              port: dovecot.port,
              tls: 'none',
              auth: { user: REPAIRS.user, secret: 'repairs_imap' },
              processed: { action: 'flag', flag: '$OrgoProcessed' },
              idle: false,
              poll_interval: '1s',
            },
          ],
        },
      },
      { hello_imap: HELLO.password, repairs_imap: REPAIRS.password },
    );
    await start();
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
    await dovecot?.destroy();
  });

  it('turns appended corpus mail into tasks, moves (TLS + IDLE) or flags (plain + polling) what it took', async () => {
    const connected = await eventually(mailboxes, (m) => m.every((x: any) => x.state === 'connected'), { what: 'both mailboxes connected' });
    expect(connected.map((m: any) => [m.mailbox, m.mode])).toEqual([
      [HELLO.user, 'idle'],
      [REPAIRS.user, 'poll'],
    ]);
    const toHello = take(4);
    const toRepairs = take(3);
    await dovecot.append(HELLO, toHello.map((m) => m.raw));
    await dovecot.append(REPAIRS, toRepairs.map((m) => m.raw));

    const expected = [...toHello, ...toRepairs].map((m) => m.messageId).sort();
    const ids = await eventually(taskIds, (t) => t.length >= expected.length, { what: 'tasks from the appended mail', timeoutMs: 60_000 });
    expect(ids.sort()).toEqual(expected);
    const tasks = (await api.get('/api/v1/tasks?organization=riverside&limit=100')).body.items;
    for (const m of toHello) expect(tasks.find((t: any) => t.source.message_id === m.messageId).source.mailbox).toBe(HELLO.user);

    await eventually(() => dovecot.folder(HELLO, 'Processed'), (f) => f.exists === toHello.length, { what: 'hello@ mail moved to Processed' });
    expect((await dovecot.folder(HELLO, 'INBOX')).exists).toBe(0);
    const repairsInbox = await eventually(
      () => dovecot.folder(REPAIRS, 'INBOX'),
      (f) => f.flags.every((flags) => flags.includes('$OrgoProcessed')),
      { what: 'repairs@ mail flagged' },
    );
    expect(repairsInbox.exists).toBe(toRepairs.length);

    const metrics = await (await fetch(`${orgo.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`orgo_imap_messages_total\\{mailbox="${HELLO.user}",outcome="accepted"\\} ${toHello.length}\\b`));
    expect(metrics).toMatch(new RegExp(`orgo_imap_messages_total\\{mailbox="${REPAIRS.user}",outcome="fetched"\\} ${toRepairs.length}\\b`));
  });

  it('ends with each message exactly once when Orgo is killed (SIGKILL) in the middle of a stream of 100', async () => {
    const before = (await taskIds()).length;
    const stream = take(100);
    const killAt = 40;
    await dovecot.append(HELLO, stream.slice(0, killAt).map((m) => m.raw));
    // Orgo is killed while it is taking these: once the first of them has been moved away.
    await eventually(() => dovecot.folder(HELLO, 'Processed'), (f) => f.exists > 4, { what: 'the stream being taken', intervalMs: 20 });
    orgo.child.kill('SIGKILL');
    await orgo.exited;
    // The rest arrives while Orgo is down.
    await dovecot.append(HELLO, stream.slice(killAt).map((m) => m.raw));
    await start();

    const ids = await eventually(taskIds, (t) => t.length >= before + stream.length, { what: 'a task for each of the 100', timeoutMs: 120_000 });
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(stream.filter((m) => counts.get(m.messageId) !== 1).map((m) => [m.file, counts.get(m.messageId) ?? 0])).toEqual([]);
    expect(ids).toHaveLength(before + stream.length);
    await eventually(() => dovecot.folder(HELLO, 'INBOX'), (f) => f.exists === 0, { what: 'the inbox emptied' });
    expect((await dovecot.folder(HELLO, 'Processed')).exists).toBe(4 + stream.length);
  });

  it('survives a restart of Dovecot: mail appended after it still arrives', async () => {
    await eventually(mailboxes, (m) => m.every((x: any) => x.state === 'connected'), { what: 'connected before the restart' });
    const before = (await taskIds()).length;
    await dovecot.restart();
    const after = take(2);
    await dovecot.append(HELLO, [after[0].raw]);
    await dovecot.append(REPAIRS, [after[1].raw]);
    const ids = await eventually(taskIds, (t) => t.length >= before + 2, { what: 'mail after the Dovecot restart', timeoutMs: 60_000 });
    expect(ids).toEqual(expect.arrayContaining(after.map((m) => m.messageId)));
    expect(ids).toHaveLength(before + 2);
    expect((await mailboxes()).map((m: any) => m.state)).toEqual(['connected', 'connected']);
  });

  it('says which mailbox cannot log in and why, in the log and in /health/ready, and recovers once the password is right', async () => {
    dovecot.setUsers([HELLO, { user: REPAIRS.user, password: 'changed-on-the-server' }]);
    await dovecot.restart();
    const failed = await eventually(mailboxes, (m) => m.some((x: any) => x.state === 'auth_failed'), { what: 'auth_failed in /health/ready', timeoutMs: 30_000 });
    const repairs = failed.find((m: any) => m.mailbox === REPAIRS.user);
    expect(repairs).toMatchObject({ state: 'auth_failed', error: { kind: 'auth_failed', message: expect.stringMatching(/authentication failed/i) } });
    expect(repairs.error.action).toContain('ORGO_EMAIL_SECRET_REPAIRS_IMAP');
    const body = await ready();
    expect(body.status).toBe('degraded');
    expect(body.services.find((s: any) => s.service === 'email-gateway')).toMatchObject({
      ready: true,
      degraded: true,
      details: { problems: [expect.stringContaining(`${REPAIRS.user}: auth_failed`)] },
    });
    await eventually(
      async () => fs.readFileSync(path.join(home, 'logs', 'orgo.log'), 'utf8'),
      (log) => log.includes('IMAP login refused'),
      { what: 'the log line' },
    );
    const line = fs.readFileSync(path.join(home, 'logs', 'orgo.log'), 'utf8').split('\n').find((l) => l.includes('IMAP login refused'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 50, mailbox: REPAIRS.user });
    expect(line).not.toContain(REPAIRS.password);

    // The other mailbox keeps working meanwhile.
    const before = (await taskIds()).length;
    const [more] = take(1);
    await dovecot.append(HELLO, [more.raw]);
    await eventually(taskIds, (t) => t.length === before + 1, { what: 'hello@ still read' });

    dovecot.setUsers([HELLO, REPAIRS]);
    await eventually(mailboxes, (m) => m.every((x: any) => x.state === 'connected'), { what: 'repairs@ back after the fix', timeoutMs: 30_000 });
    expect((await ready()).status).toBe('ready');
  });
});
