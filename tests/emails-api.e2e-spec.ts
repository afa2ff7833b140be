import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { startDistributed } from './support/distributed-process';
import { eventually } from './support/eventually';
import type { RunningShape } from './support/pipeline-suite';
import { ROOT, dropMail, standaloneShape, tempDir } from './support/standalone-process';
import { createMember, signInPrivacyOfficer } from './support/users';

const HARBOR = path.join(ROOT, 'tests', 'fixtures', 'harbor', 'config');
const CORPUS = process.env.ORGO_TEST_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus', 'eml');
/** A nodemailer-made message: text, sanitizable HTML, a PNG and a text attachment, a GIF the parser keeps out. */
const MULTIPART = fs.readFileSync(path.join(CORPUS, 'mailparser', 'nodemailer.eml'));
const WAREHOUSE = 'warehouse@harbor.example';
const REPORTS = 'report@harbor.example';

/** A second organization beside Harbor: its members must not learn that Harbor's mail exists. */
const LAKESIDE = `metadata: { version: "1.0", last_updated: "2026-12-03" }
organization:
  slug: lakeside
  name: Lakeside Rowing Club
  type: community
  timezone: Europe/Dublin
  profile: friend_group
positions:
  - { id: "1", title: Captain, holders: [captain@lakeside.example] }
  - { id: "101.Club", title: Secretary, holders: [captain@lakeside.example] }
roles:
  - { id: Club, addresses: [hello@lakeside.example] }
`;

/** The sensitive reporter of tests/sensitive-report.e2e-spec.ts: none of it may reach a role holder. */
const REPORTER = { address: 'maria.lopez@mail.example', name: 'Maria Lopez', phone: '+1 (416) 555-0199', street: '221 Baker Street' };
const report = [
  `From: "${REPORTER.name}" <${REPORTER.address}>`,
  `To: ${REPORTS}`,
  'Subject: Harassment by my supervisor',
  'Date: Wed, 02 Dec 2026 09:00:00 +0000',
  'Message-ID: <harassment-emails-api@mail.example>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello,',
  '',
  'I am writing to report repeated harassment by my supervisor in the warehouse office.',
  '',
  `You can reach me at ${REPORTER.phone}.`,
  `I live at ${REPORTER.street}, Toronto ON M5V 2T6.`,
  '',
  'Best regards,',
  REPORTER.name,
  'Payroll clerk',
  '',
].join('\r\n');

/** The reporter's identity traces in a text: words case-insensitively, the phone number on its digits. */
function identityIn(text: string): string[] {
  const lower = text.toLowerCase();
  const words = [REPORTER.address, 'maria', 'lopez', '221 baker', 'mail.example'].filter((w) => lower.includes(w));
  return text.replace(/\D/g, '').includes('4165550199') ? [...words, REPORTER.phone] : words;
}

const PASSWORD = 'Quartz-Lantern-Fjord-83';

/** A member with permissions beyond the role (raw_mail needs no MFA), signed in. */
async function memberWith(admin: ApiClient, url: string, email: string, permissions: string[]): Promise<ApiClient> {
  const created = await admin.request('POST', '/api/v1/users', { email, password: PASSWORD, organizations: ['harbor'], permissions });
  if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const client = new ApiClient(url);
  await client.login({ email, password: PASSWORD });
  return client;
}

/** The task a mail to `mailbox` became. */
const taskFrom = (admin: ApiClient, mailbox: string) =>
  eventually(
    async () => ((await admin.get('/api/v1/tasks?organization=harbor&limit=100')).body.items ?? []).find((t: any) => t.source?.mailbox === mailbox),
    (t) => Boolean(t?.source?.email_id),
    { what: `the task of the mail to ${mailbox}`, timeoutMs: 60_000 },
  );

const shapes: [string, (config: string, home: string) => Promise<RunningShape>][] = [
  ['standalone', standaloneShape],
  ['distributed', startDistributed],
];

describe.each(shapes)('%s shape: GET /api/v1/emails/{id}', (shape, start) => {
  let orgo: RunningShape;
  let admin: ApiClient;
  let staff: ApiClient;
  let desk: ApiClient;
  let stranger: ApiClient;
  let officer: ApiClient;
  let head: ApiClient;
  let privacy: ApiClient;
  let ordinary: any;
  let sensitive: any;

  beforeAll(async () => {
    const config = tempDir('orgo-emails-config-');
    fs.cpSync(HARBOR, config, { recursive: true });
    fs.mkdirSync(path.join(config, 'organizations', 'lakeside'), { recursive: true });
    fs.writeFileSync(path.join(config, 'organizations', 'lakeside', 'organization.yaml'), LAKESIDE);
    const home = tempDir(`orgo-emails-${shape}-`);
    orgo = await start(config, home);
    admin = new ApiClient(orgo.url);
    await admin.login();
    // Warehouse staff may download raw mail; the front desk may read nothing of the warehouse's; the HR officer holds the reports mailbox.
    staff = await memberWith(admin, orgo.url, 'staff@harbor.example', ['raw_mail']);
    desk = await createMember(admin, orgo.url, 'desk@harbor.example', ['harbor']);
    stranger = await createMember(admin, orgo.url, 'captain@lakeside.example', ['lakeside']);
    officer = await memberWith(admin, orgo.url, 'officer@harbor.example', ['raw_mail']);
    head = await memberWith(admin, orgo.url, 'hr.head@harbor.example', ['raw_mail']);
    privacy = await signInPrivacyOfficer(admin, orgo.url, 'privacy@harbor.example', ['harbor']);

    // The corpus file is plain ASCII: written as text, it arrives byte for byte.
    dropMail(home, WAREHOUSE, 'nodemailer.eml', MULTIPART.toString('ascii'));
    ordinary = await taskFrom(admin, WAREHOUSE);
    dropMail(home, REPORTS, 'report.eml', report);
    sensitive = await taskFrom(admin, REPORTS);
    // The report escalates (after 3 seconds) to the head of people, who then holds the private task.
    sensitive = await eventually(
      async () => (await admin.get(`/api/v1/tasks/${sensitive.id}`)).body,
      (t) => t.assignee?.position === '11.HR',
      { what: 'the escalation to 11.HR', timeoutMs: 60_000 },
    );
  }, 240_000);

  afterAll(async () => {
    await orgo?.stop();
  });

  it('answers the parsed corpus email with its attachments, headers, outcome and task', async () => {
    expect(ordinary).toBeTruthy();
    const res = await admin.get(`/api/v1/emails/${ordinary.source.email_id}`);
    expect(res.status).toBe(200);
    const email = res.body;
    expect(email).toMatchObject({
      id: ordinary.source.email_id,
      organization: 'harbor',
      mailbox: WAREHOUSE,
      message_id: '012d606e-3550-2d94-b566-6cd996de88e3@kreata.ee',
      source: 'drop_folder',
      from: { address: 'andris@kreata.ee', name: 'Andris Kreata' },
      subject: expect.stringMatching(/^Nodemailer is unicode friendly ✔/),
      parse: { outcome: 'parsed', reason: null },
      sensitive: false,
      task_ids: [ordinary.id],
      headers: { in_reply_to: null, auto_submitted: false },
    });
    expect(email.to.map((a: any) => a.address)).toEqual(['andris+123@kreata.ee', 'andris.reinman@gmail.com']);
    expect(email.text).toContain('Hello to myself!');
    expect(email.html_sanitized).toContain('<p>');
    expect(email.html_sanitized).not.toMatch(/<script|<style|onerror=/i);
    expect(email.attachments).toEqual(expect.arrayContaining([{ name: 'notes.txt', type: 'text/plain', size: expect.any(Number) }]));
    // The GIF is not an allowed attachment type: it stays out of the parsed email.
    expect(email.attachments.map((a: any) => a.type)).not.toContain('image/gif');
  });

  it('lets a holder of the task read it, and answers 404 to a member who may not see the task or the organization', async () => {
    const id = ordinary.source.email_id;
    expect((await staff.get(`/api/v1/emails/${id}`)).body).toMatchObject({ id, task_ids: [ordinary.id] });
    for (const outsider of [officer, stranger]) {
      const res = await outsider.get(`/api/v1/emails/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: `No email '${id}' that you may read` });
    }
  });

  it('answers 404 for an unknown id and 400 for a malformed one, in the API error shape', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await admin.get(`/api/v1/emails/${unknown}`)).body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const malformed = await admin.get('/api/v1/emails/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((await admin.get(`/api/v1/emails/${unknown}/raw`)).status).toBe(403);
    expect((await staff.get(`/api/v1/emails/${unknown}/raw`)).status).toBe(404);
  });

  it('hands the raw message only to raw_mail holders, byte for byte, and audits the download', async () => {
    const id = ordinary.source.email_id;
    const refused = await admin.get(`/api/v1/emails/${id}/raw`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('raw_mail');
    const res = await fetch(`${orgo.url}/api/v1/emails/${id}/raw`, { headers: { authorization: `Bearer ${staff.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^message\/rfc822/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.eml"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(MULTIPART)).toBe(true);
    // Without the permission: refused whatever the email; with it, an email the member may not read is unknown to them.
    expect((await desk.get(`/api/v1/emails/${id}/raw`)).status).toBe(403);
    expect((await officer.get(`/api/v1/emails/${id}/raw`)).status).toBe(404);
    const audit = await eventually(
      async () => (await admin.get('/api/v1/audit?action=security.email.raw_read')).body.items ?? [],
      (items: any[]) => items.some((e) => e.emailId === id),
      { what: 'the raw download in the audit trail' },
    );
    expect(audit.find((e: any) => e.emailId === id)).toMatchObject({ category: 'security', details: { actor: 'staff@harbor.example', sensitive: false } });
  });

  it('shows a sensitive report by pseudonym and scrubbed, to everyone who may see its task, and to nobody else', async () => {
    const id = sensitive.source.email_id;
    for (const reader of [admin, head]) {
      const res = await reader.get(`/api/v1/emails/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ sensitive: true, from: { address: sensitive.reporter, name: null }, html_sanitized: null, message_id: null, task_ids: [sensitive.id] });
      expect(res.body.text).toContain('repeated harassment by my supervisor in the warehouse office');
      expect(res.body.text).toContain('[phone removed]');
      expect(identityIn(JSON.stringify(res.body))).toEqual([]);
    }
    // The task is private (its assignee and the chain above): the warehouse staff does not see it, nor its email;
    // nor does a privacy officer holding no position (their way to the reporter is the audited reveal, or the raw message below).
    for (const outsider of [staff, stranger, privacy]) expect((await outsider.get(`/api/v1/emails/${id}`)).status).toBe(404);
  });

  it("hands a sensitive report's raw message to a privacy officer only, with a reason, audited without the identity", async () => {
    const id = sensitive.source.email_id;
    const holder = await head.get(`/api/v1/emails/${id}/raw`);
    expect(holder.status).toBe(403);
    expect(holder.body.message).toContain('privacy_officer');
    expect((await admin.get(`/api/v1/emails/${id}/raw`)).status).toBe(403);
    const noReason = await privacy.get(`/api/v1/emails/${id}/raw`);
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason');
    const reason = 'Case 2026-41: police request for the original report';
    const res = await privacy.get(`/api/v1/emails/${id}/raw?reason=${encodeURIComponent(reason)}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(report);
    const entries = await eventually(
      async () => (await privacy.get('/api/v1/audit?action=security.email.raw_read&limit=100')).body.items ?? [],
      (items: any[]) => items.some((e) => e.emailId === id),
      { what: 'the sensitive raw download in the audit trail' },
    );
    const entry = entries.find((e: any) => e.emailId === id);
    expect(entry).toMatchObject({ category: 'security', details: { actor: 'privacy@harbor.example', sensitive: true, reason } });
    expect(identityIn(JSON.stringify(entries))).toEqual([]);
  });
});
