import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { readOutbox } from './support/outbox';
import { type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

interface Received {
  to: string[];
  subject: string;
  text: string;
  replyTo: string[];
  headers: Map<string, unknown>;
  /** The mail came over TLS (STARTTLS) after a login. */
  secure: boolean;
  user: string | null;
}

const RELAY_PASSWORD = 'relay-pass-2026';
const LABEL = '1001.83.Facilities.Repairs';
/** retail_chain's notification scope is department: the Facilities positions' holders. */
const DEPARTMENT = ['facilities@riverside.example', 'handy1@riverside.example', 'handy2@riverside.example', 'lead@riverside.example'];

/**
 * The notifier delivering to a real SMTP relay the test starts (smtp-server): STARTTLS with a
 * self-signed certificate the notifier trusts through `smtp.tls_ca_file`, a login whose password
 * comes from the environment, the file transport on as well. The relay refuses some mail: once
 * with 451 (the notifier retries), or always with 550 (the notifier fails at once and alerts).
 */
describe('notifications over SMTP (standalone, a real SMTP relay)', () => {
  let orgo: Standalone;
  let api: ApiClient;
  let server: SMTPServer;
  const received: Received[] = [];
  /** Message-IDs the relay has refused once with 451. */
  const deferred = new Set<string>();
  const certs = tempDir('orgo-notify-tls-');
  const home = tempDir('orgo-notify-home-');

  function config(port: number): string {
    const dir = tempDir('orgo-notify-config-');
    fs.cpSync(path.join(__dirname, 'fixtures', 'riverside', 'config'), dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'organizations', 'riverside', 'rules', 'zz-notify.yaml'),
      `metadata: { version: "1.0" }
rules:
  - name: printer
    priority: 100
    condition: "subject contains 'printer'"
    action: { type: facilities, subtype: printer, category: 8, subcategory: 3, route_to: Facilities.Repairs, escalate_after: 1h, acknowledge: true }
  - name: projector
    priority: 100
    condition: "subject contains 'projector'"
    action: { type: facilities, subtype: projector, category: 8, subcategory: 3, route_to: Facilities.Repairs, escalate_after: 1h }
`,
    );
    fs.mkdirSync(path.join(dir, 'services', 'notifier'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'services', 'notifier', 'notifier.yaml'),
      `metadata: { version: "1.0" }
email_transports: [file, smtp]
smtp:
  host: 127.0.0.1
  port: ${port}
  tls: starttls
  tls_ca_file: ${path.join(certs, 'cert.pem')}
  auth: { user: orgo-relay, secret: relay }
  timeout: 10s
retry: { delays: [1s, 1s, 1s], permanent_failures: fail_fast }
`,
    );
    return dir;
  }

  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(certs, 'key.pem'), '-out', path.join(certs, 'cert.pem')], { stdio: 'ignore' });
    server = new SMTPServer({
      key: fs.readFileSync(path.join(certs, 'key.pem')),
      cert: fs.readFileSync(path.join(certs, 'cert.pem')),
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'orgo-relay' && auth.password === RELAY_PASSWORD) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const subject = parsed.subject ?? '';
            const messageId = parsed.messageId ?? '';
            if (subject.includes('Doomed')) return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
            if (subject.includes('projector') && !deferred.has(messageId)) {
              deferred.add(messageId);
              return callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
            }
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              subject,
              text: parsed.text ?? '',
              replyTo: (parsed.replyTo?.value ?? []).map((a) => a.address ?? ''),
              headers: parsed.headers,
              secure: session.secure,
              user: (session.user as string | undefined) ?? null,
            });
            return callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    orgo = await startStandalone(config(port), home, undefined, { ORGO_NOTIFIER_SECRET_RELAY: RELAY_PASSWORD });
    api = new ApiClient(orgo.url);
    await api.login();
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /** The JSON log lines of the standalone process. */
  const logLines = (): Record<string, any>[] =>
    fs.readFileSync(path.join(home, 'logs', 'orgo.log'), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const taskTitled = (title: string) =>
    eventually(
      async () => (await api.get('/api/v1/tasks?organization=riverside')).body.items.find((t: any) => t.title === title),
      (t) => Boolean(t),
      { what: `the task '${title}'` },
    );
  const mailsFor = (key: string, count: number, what: string) =>
    eventually(async () => received.filter((m) => m.headers.get('x-orgo-task') === key), (m) => m.length >= count, { what });
  const notificationsOf = (taskId: string, done: (items: any[]) => boolean, what: string) =>
    eventually(async () => (await api.get(`/api/v1/notifications?all=true&task_id=${taskId}`)).body.items ?? [], done, { what });

  it('delivers a new task to the department over STARTTLS with a login: recipients, subject with key and label, Reply-To, body', async () => {
    dropMail(home, 'repairs@riverside.example', 'printer.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'The printer on floor 2 is jammed', body: 'Paper is stuck in tray 3.', id: 'printer-1@members.example' }));
    const task = await taskTitled('The printer on floor 2 is jammed');
    expect(task.label).toBe(LABEL);
    const mails = (await mailsFor(task.key, DEPARTMENT.length + 1, 'the assignment mails and the acknowledgement')).filter((m) => !m.to.includes('member@members.example'));
    expect(mails.map((m) => m.to).sort()).toEqual(DEPARTMENT.map((p) => [p]));
    for (const m of mails) {
      expect(m.subject).toBe(`[${task.key} · ${LABEL}] The printer on floor 2 is jammed`);
      expect(m.replyTo).toEqual(['repairs@riverside.example']);
      expect(m.text).toContain(task.key);
      expect(m.text).toContain('The printer on floor 2 is jammed');
      expect(m.headers.get('auto-submitted')).toBe('auto-generated');
      expect(m.headers.get('x-orgo-label')).toBe(LABEL);
      expect(m.headers.get('message-id')).toMatch(new RegExp(`^<orgo\\.${task.id}\\.[0-9a-f-]{36}@orgo\\.local>$`));
      expect(m.secure).toBe(true);
      expect(m.user).toBe('orgo-relay');
    }
    // The file transport is on too: the same mails are in <home>/outbox/.
    const files = (await readOutbox(home)).filter((m) => m.subject.includes(task.key) && !m.to.includes('member@members.example'));
    expect(files.map((m) => m.to).sort()).toEqual(DEPARTMENT.map((p) => [p]));
    const tracked = await notificationsOf(task.id, (items) => items.filter((n) => n.purpose === 'assigned' && n.status === 'sent').length === DEPARTMENT.length, 'the assignment notifications recorded sent');
    expect(tracked.filter((n) => n.purpose === 'assigned').every((n) => n.channel === 'email' && n.attempts === 1 && n.last_error === null)).toBe(true);
  });

  it('acknowledges the sender in the thread of their own mail, as an automatic reply', async () => {
    const task = await taskTitled('The printer on floor 2 is jammed');
    const [ack] = await eventually(async () => received.filter((m) => m.to.includes('member@members.example') && m.headers.get('x-orgo-task') === task.key), (m) => m.length === 1, { what: 'the acknowledgement' });
    expect(ack.subject).toBe(`[${task.key} · ${LABEL}] Received: The printer on floor 2 is jammed`);
    expect(ack.text).toContain(task.key);
    expect(ack.replyTo).toEqual(['repairs@riverside.example']);
    expect(ack.headers.get('in-reply-to')).toBe('<printer-1@members.example>');
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
  });

  it('never acknowledges an automatic reply', async () => {
    dropMail(home, 'repairs@riverside.example', 'auto.eml', mail({
      from: 'robot@members.example', to: 'repairs@riverside.example', subject: 'Out of office: printer question', body: 'I am away.', id: 'auto-1@members.example', headers: 'Auto-Submitted: auto-replied' }));
    const task = await taskTitled('Out of office: printer question');
    const created = (await api.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'created');
    expect(created.data.acknowledgement).toEqual({ send: false, reason: expect.stringMatching(/^auto_submitted: /) });
    // Its department is told; the automatic sender never is.
    await mailsFor(task.key, DEPARTMENT.length, 'the assignment mails of the auto-reply task');
    const tracked = await notificationsOf(task.id, (items) => items.length >= DEPARTMENT.length && items.every((n) => n.status !== 'queued'), 'every notification of the auto-reply task settled');
    expect(tracked.filter((n) => n.purpose === 'acknowledgement')).toEqual([]);
    expect(received.filter((m) => m.to.includes('robot@members.example'))).toEqual([]);
  });

  it('retries mail the relay defers with 451, and records it sent on the second attempt', async () => {
    dropMail(home, 'repairs@riverside.example', 'projector.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'The projector in hall B flickers', body: 'It flickers every few seconds.', id: 'projector-1@members.example' }));
    const task = await taskTitled('The projector in hall B flickers');
    const mails = await mailsFor(task.key, DEPARTMENT.length, 'the deferred mails delivered');
    expect(mails.map((m) => m.to).sort()).toEqual(DEPARTMENT.map((p) => [p]));
    const tracked = await notificationsOf(task.id, (items) => items.length === DEPARTMENT.length && items.every((n) => n.status === 'sent'), 'the deferred notifications sent');
    expect(tracked.map((n) => [n.status, n.attempts, n.last_error])).toEqual(DEPARTMENT.map(() => ['sent', 2, null]));
  });

  it('fails at once on a 550 refusal: status failed with the error, an alert in the log, no mail', async () => {
    dropMail(home, 'repairs@riverside.example', 'doomed.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'Doomed projector cable', body: 'The cable is cut.', id: 'doomed-1@members.example' }));
    const task = await taskTitled('Doomed projector cable');
    const tracked = await notificationsOf(task.id, (items) => items.length === DEPARTMENT.length && items.every((n) => n.status === 'failed'), 'the refused notifications failed');
    for (const n of tracked) {
      expect(n).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null, last_error: expect.stringContaining('550') });
    }
    const alerts = await eventually(
      async () => logLines().filter((l) => l.alert === 'notification_failed' && l.taskKey === task.key),
      (lines) => lines.length === DEPARTMENT.length,
      { what: 'an alert per failed notification in the log' },
    );
    expect(alerts.map((a) => a.recipient).sort()).toEqual(DEPARTMENT);
    for (const alert of alerts) {
      expect(alert).toMatchObject({ level: 50, notificationId: expect.stringMatching(/^[0-9a-f-]{36}$/), attempts: 1, lastError: expect.stringContaining('550') });
      expect(alert.msg).toBe(`ALERT notification ${alert.notificationId} (assigned, email) for task ${task.key} to ${alert.recipient} failed after 1 attempt(s): ${alert.lastError}`);
    }
    expect(received.filter((m) => m.headers.get('x-orgo-task') === task.key)).toEqual([]);
  });
});
