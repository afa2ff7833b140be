import fs from 'node:fs';
import path from 'node:path';

import { type ScanNeedle, scanRawDatabases } from '@orgo/testing';

import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import { eventually } from './support/eventually';
import type { RunningShape } from './support/pipeline-suite';
import { ROOT, dropMail, tempDir, standaloneShape } from './support/standalone-process';
import { createMember, signInPrivacyOfficer } from './support/users';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'harbor', 'config');
const MAILBOX = 'report@harbor.example';

/** The reporter, as a mail program writes them; none of it may reach a role holder, a log, an audit entry or a plaintext column. */
const REPORTER = { address: 'maria.lopez@mail.example', name: 'Maria Lopez', phones: ['+1 (416) 555-0199', '416.555.0142'], street: '221 Baker Street' };
const NEEDLES: ScanNeedle[] = [REPORTER.address, 'Maria', 'Lopez', '221 Baker', ...REPORTER.phones.map((phone) => ({ phone }))];

const report = (id: string, extraHeaders: string[] = []) =>
  [
    `From: "${REPORTER.name}" <${REPORTER.address}>`,
    `To: ${MAILBOX}`,
    'Subject: Harassment by my supervisor',
    'Date: Wed, 02 Dec 2026 09:00:00 +0000',
    `Message-ID: <${id}>`,
    ...extraHeaders,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello,',
    '',
    'I am writing to report repeated harassment by my supervisor in the warehouse office.',
    'It happened on Monday and again on Wednesday around 14:30, in front of two colleagues.',
    '',
    `You can reach me at ${REPORTER.phones[0]} or on my mobile ${REPORTER.phones[1]}.`,
    `I live at ${REPORTER.street}, Toronto ON M5V 2T6.`,
    '',
    'Best regards,',
    REPORTER.name,
    'Payroll clerk',
    REPORTER.address,
    '',
  ].join('\r\n');

const reply = (id: string, inReplyTo: string) =>
  [
    `From: "${REPORTER.name}" <${REPORTER.address}>`,
    `To: ${MAILBOX}`,
    'Subject: Re: Harassment by my supervisor',
    'Date: Wed, 02 Dec 2026 10:00:00 +0000',
    `Message-ID: <${id}>`,
    `In-Reply-To: <${inReplyTo}>`,
    `References: <${inReplyTo}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `It happened again this morning in the loading bay. Please call me at ${REPORTER.phones[1]}.`,
    '',
    'Maria',
    '',
    `On Wed, 2 Dec 2026 at 09:00, ${REPORTER.name} <${REPORTER.address}> wrote:`,
    '> I am writing to report repeated harassment by my supervisor in the warehouse office.',
    `> You can reach me at ${REPORTER.phones[0]}.`,
    '',
  ].join('\r\n');

/** Every file under a folder, read as text (outbox mails, logs). */
function filesUnder(dir: string, suffix: string): { file: string; text: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => file.endsWith(suffix) && fs.statSync(file).isFile())
    .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

/** The needles found in a text: case-insensitive for words, on digits for phone numbers. */
function identityIn(text: string): string[] {
  const lower = text.toLowerCase();
  const digits = text.replace(/\D/g, '');
  return NEEDLES.filter((n) => (typeof n === 'string' ? lower.includes(n.toLowerCase()) : digits.includes(n.phone.replace(/\D/g, '').slice(-10)))).map((n) =>
    typeof n === 'string' ? n : n.phone,
  );
}

const shapes: [string, (config: string, home: string) => Promise<RunningShape>][] = [
  ['standalone', standaloneShape],
  ['distributed', startDistributed],
];

describe.each(shapes)('%s shape: a sensitive report', (shape, start) => {
  let orgo: RunningShape;
  let admin: ApiClient;
  let member: ApiClient;
  let head: ApiClient;
  const home = tempDir(`orgo-sensitive-${shape}-`);
  const originalId = `harassment-${shape}@mail.example`;
  let task: any;

  beforeAll(async () => {
    orgo = await start(CONFIG, home);
    admin = new ApiClient(orgo.url);
    await admin.login();
    member = await createMember(admin, orgo.url, 'officer@harbor.example', ['harbor']);
    head = await createMember(admin, orgo.url, 'hr.head@harbor.example', ['harbor']);
    dropMail(home, MAILBOX, 'report.eml', report(originalId));
    task = await eventually(
      async () => (await admin.get('/api/v1/tasks?organization=harbor&type=hr')).body.items?.[0],
      (t) => Boolean(t),
      { what: 'the sensitive task', timeoutMs: 60_000 },
    );
    dropMail(home, MAILBOX, 'reply.eml', reply(`re-${originalId}`, originalId));
    await eventually(
      async () => (await admin.get(`/api/v1/tasks/${task.id}/events`)).body.items ?? [],
      (events: any[]) => events.some((e) => e.type === 'reply_received'),
      { what: "the reporter's reply on the timeline", timeoutMs: 60_000 },
    );
    // The same report once more: over the sender's rate limit, held in quarantine.
    dropMail(home, MAILBOX, 'copy.eml', report(`copy-${originalId}`));
    await eventually(
      async () => (await admin.get('/api/v1/quarantine?reason=EMAIL.RATE_LIMITED')).body.items ?? [],
      (items: any[]) => items.length === 1,
      { what: 'the rate-limited copy in quarantine', timeoutMs: 60_000 },
    );
    // The escalation to the head of people mails them the task too.
    await eventually(
      async () => (await admin.get(`/api/v1/tasks/${task.id}`)).body,
      (t) => t.assignee?.position === '11.HR',
      { what: 'the escalation to 11.HR', timeoutMs: 60_000 },
    );
    task = (await admin.get(`/api/v1/tasks/${task.id}`)).body;
  }, 240_000);

  afterAll(async () => {
    await orgo?.stop();
  });

  it('gives the reporter a stable pseudonym and scrubs what role holders read', async () => {
    expect(task).toMatchObject({ sensitive: true, type: 'hr', visibility: 'private' });
    expect(task.reporter).toMatch(/^Anon-\d+$/);
    expect(task.description).toContain('repeated harassment by my supervisor in the warehouse office');
    expect(task.description).toContain('14:30');
    expect(identityIn(JSON.stringify(task))).toEqual([]);
    const events = (await admin.get(`/api/v1/tasks/${task.id}/events`)).body.items;
    expect(events.find((e: any) => e.type === 'created').actor).toBe(task.reporter);
    const answer = events.find((e: any) => e.type === 'reply_received');
    expect(answer).toMatchObject({ actor: task.reporter, data: { applied: false } });
    expect(answer.data.text).toContain('loading bay');
    // No acknowledgement: a receipt would carry the reporter's address into the mail system.
    expect(events.find((e: any) => e.type === 'created').data.acknowledgement).toMatchObject({ send: false });
  });

  it('shows the rate-limited copy under the pseudonym, to administrators and the mailbox’s holders only', async () => {
    const [copy] = (await admin.get('/api/v1/quarantine?reason=EMAIL.RATE_LIMITED')).body.items;
    expect(identityIn(JSON.stringify(copy))).toEqual([]);
    expect(JSON.stringify(copy)).toContain(task.reporter);
    const holder = (await member.get('/api/v1/quarantine')).body;
    expect(holder.items.map((i: any) => i.mailbox)).toEqual([MAILBOX]);
    const stranger = await createMember(admin, orgo.url, 'staff@harbor.example', ['harbor']);
    expect((await stranger.get('/api/v1/quarantine')).body.items).toEqual([]);
  });

  it('keeps the identity out of every API answer a member gets, the outbox, the logs, the audit trail and every database column', async () => {
    const answers: string[] = [];
    // The head of people holds the task now (private: its assignee and the chain above); the HR officer holds the mailbox.
    for (const [who, client] of [['head', head], ['officer', member]] as const) for (const url of [
      '/api/v1/tasks?limit=100',
      `/api/v1/tasks?text=${encodeURIComponent(REPORTER.address)}`,
      '/api/v1/tasks?text=Lopez',
      `/api/v1/tasks/${task.id}`,
      `/api/v1/tasks/${task.id}/events`,
      '/api/v1/notifications?limit=100',
      '/api/v1/quarantine',
      '/api/v1/organizations/harbor',
      '/api/v1/rules?org=harbor',
      '/api/v1/me/preferences?organization=harbor',
      '/api/v1/audit?limit=500',
      '/api/v1/dlq',
    ]) {
      const res = await client.get(url);
      answers.push(`${who} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    }
    // The head works the task and reads its timeline and notifications; a search by the address or the name finds nothing.
    expect(answers[0]).toContain(task.key);
    expect(answers[1]).toMatch(/"total":0/);
    expect(answers[2]).toMatch(/"total":0/);
    expect(answers[3]).toContain('warehouse office');
    expect(answers[4]).toContain('reply_received');
    expect(answers.find((a) => a.startsWith('officer /api/v1/quarantine '))).toContain(task.reporter);
    expect(answers.filter((a) => identityIn(a.slice(a.indexOf('→'))).length)).toEqual([]);

    const audit = (await admin.get('/api/v1/audit?limit=1000')).body;
    expect(audit.total).toBeGreaterThan(5);
    expect(identityIn(JSON.stringify(audit))).toEqual([]);

    const mails = filesUnder(path.join(home, 'outbox'), '.eml');
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.map((m) => identityIn(m.text)).flat()).toEqual([]);
    expect(mails.some((m) => m.text.includes(task.reporter))).toBe(true);

    const logs = [...filesUnder(home, '.log').map((l) => l.text), orgo.output()].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(identityIn(logs)).toEqual([]);

    const sqlite = filesUnder(path.join(home, 'data'), '.sqlite').map((f) => f.file);
    if (shape === 'standalone') expect(sqlite.length).toBe(8);
    const hits = await scanRawDatabases(shape === 'distributed' ? { postgres: orgo.postgres } : { sqlite }, NEEDLES);
    expect(hits.map((h) => `${h.database} ${h.table}.${h.column} (${h.needle}, ${h.via}): ${h.excerpt}`)).toEqual([]);
  });

  it('reveals the identity to a privacy officer only, with a reason, and audits who asked and why', async () => {
    const refused = await admin.request('POST', `/api/v1/tasks/${task.id}/reveal`, { reason: 'Tribunal request HR-2026-114' });
    expect(refused.status).toBe(403);
    expect((await member.request('POST', `/api/v1/tasks/${task.id}/reveal`, { reason: 'Tribunal request HR-2026-114' })).status).toBe(403);
    const officer = await signInPrivacyOfficer(admin, orgo.url, 'privacy@harbor.example', ['harbor']);
    const noReason = await officer.request('POST', `/api/v1/tasks/${task.id}/reveal`, {});
    expect(noReason.status).toBe(400);
    const revealed = await officer.request('POST', `/api/v1/tasks/${task.id}/reveal`, { reason: 'Tribunal request HR-2026-114' });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toMatchObject({ pseudonym: task.reporter, address: REPORTER.address, name: REPORTER.name });
    expect(revealed.body.original_text).toContain(REPORTER.phones[0]);
    expect(revealed.headers.get('cache-control')).toContain('no-store');
    const entry = await eventually(
      async () => (await admin.get('/api/v1/audit?category=security&action=security.identity.revealed')).body.items ?? [],
      (items: any[]) => items.length === 1,
      { what: 'the reveal in the security audit trail' },
    );
    expect(entry[0]).toMatchObject({ category: 'security' });
    const text = JSON.stringify(entry[0]);
    expect(text).toContain('Tribunal request HR-2026-114');
    expect(text).toContain('privacy@harbor.example');
    expect(text).toContain(task.key);
    expect(identityIn(text)).toEqual([]);
  });
});
