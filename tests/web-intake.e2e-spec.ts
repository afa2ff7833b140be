import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { leadingZeroBits, solveChallenge } from '@orgo/security';
import { scanRawDatabases } from '@orgo/testing';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { readOutbox } from './support/outbox';
import { SERVICES, ServiceFleet } from './support/service-fleet';
import { ROOT, type Standalone, dropMail, startStandalone, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'intake', 'config');
const SPILL = { subject: 'Paint spill in aisle 4', body: 'A pallet of paint tins fell off the rack: there is a spill across aisle 4, near the loading door.' };
/** What an anonymous reporter typed into the contact field anyway: it must vanish. */
const TYPED_CONTACT = 'maria.lopez@mail.example';
const CLIENT_ADDRESSES = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

/** A form as the page sends it: text fields and files (`files[]`). */
function formData(fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[] = []): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const f of files) data.append('files[]', new Blob([f.content], { type: f.type }), f.name);
  return data;
}

/** The challenge solved the way the browser does it (sha256 of `token:nonce`, counting up). */
function solved(challenge: { token: string; difficulty: number }): { challenge: string; nonce: string } {
  return { challenge: challenge.token, nonce: solveChallenge(challenge.token, challenge.difficulty) };
}

function filesUnder(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => file.endsWith(suffix) && fs.statSync(file).isFile());
}

describe('web intake (standalone shape)', () => {
  let orgo: Standalone;
  let admin: ApiClient;
  const home = tempDir('orgo-web-intake-');
  const api = (p: string) => `${orgo.url}/api/v1/intake${p}`;
  const form = async (role: string) => (await call(api(`/harbor/${role}`))).body;
  const submit = async (role: string, fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[] = []) => {
    const proof = solved((await form(role)).challenge);
    return Object.assign(await call(api(`/harbor/${role}`), { method: 'POST', body: formData({ ...proof, ...fields }, files) }), { proof });
  };
  const tasks = async () => (await admin.get('/api/v1/tasks?organization=harbor&limit=100')).body.items as any[];
  const submittedAudit = async () => (await admin.get('/api/v1/audit?action=email.web_form.submitted&limit=100')).body.items as any[];

  beforeAll(async () => {
    orgo = await startStandalone(CONFIG, home);
    admin = new ApiClient(orgo.url);
    await admin.login();
  }, 120_000);

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  describe('refusals', () => {
    // First of all, so that "creates nothing" is checked against an empty installation.
    it('refuses an unknown organization or role, and a role without a form, with 404', async () => {
      for (const p of ['/nowhere/HR.Policy', '/harbor/HR.Nothing', '/harbor/Front.Desk']) {
        const res = await call(api(p));
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', details: { code: 'INTAKE.FORM_NOT_FOUND' } });
        expect(res.body.message).toMatch(/no web form for role/);
        expect((await call(api(p), { method: 'POST', body: formData({ subject: 'x', description: 'y' }) })).status).toBe(404);
      }
    });

    it('refuses anonymity where the role does not allow it, and a named report without a contact', async () => {
      const anonymous = await submit('Ops.Warehouse', { subject: SPILL.subject, description: SPILL.body, anonymous: 'true' });
      expect(anonymous.status).toBe(400);
      expect(anonymous.body).toMatchObject({ details: { code: 'INTAKE.ANONYMOUS_NOT_ALLOWED' } });
      expect(anonymous.body.message).toMatch(/does not take anonymous reports.*warehouse@harbor\.example/);
      const nameless = await submit('Ops.Warehouse', { subject: SPILL.subject, description: SPILL.body });
      expect(nameless.status).toBe(400);
      expect(nameless.body).toMatchObject({ details: { code: 'INTAKE.CONTACT_REQUIRED' } });
      const missing = await submit('Ops.Warehouse', { contact: 'sam@mail.example', description: SPILL.body });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/subject/);
    });

    it('refuses a proof of work that is missing, wrong or solved for another form, and attachments over the limits', async () => {
      const fields = { subject: SPILL.subject, description: SPILL.body, contact: 'sam@mail.example' };
      const none = await call(api('/harbor/Ops.Warehouse'), { method: 'POST', body: formData(fields) });
      expect(none.status).toBe(400);
      expect(none.body).toMatchObject({ details: { code: 'INTAKE.CHALLENGE_INVALID', reason: 'malformed' } });
      expect(none.body.message).toMatch(/Load the form again for a new challenge/);
      const { challenge } = await form('Ops.Warehouse');
      let unsolved = 0;
      while (leadingZeroBits(createHash('sha256').update(`${challenge.token}:${unsolved}`).digest()) >= challenge.difficulty) unsolved++;
      const wrong = await call(api('/harbor/Ops.Warehouse'), { method: 'POST', body: formData({ ...fields, challenge: challenge.token, nonce: String(unsolved) }) });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details).toMatchObject({ code: 'INTAKE.CHALLENGE_INVALID', reason: 'insufficient' });
      const forOtherForm = solved((await form('HR.Policy')).challenge);
      const elsewhere = await call(api('/harbor/Ops.Warehouse'), { method: 'POST', body: formData({ ...fields, ...forOtherForm }) });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.details).toMatchObject({ code: 'INTAKE.CHALLENGE_INVALID', reason: 'forged' });

      const proof = solved((await form('Ops.Warehouse')).challenge);
      const oversize = await call(api('/harbor/Ops.Warehouse'), { method: 'POST', body: formData({ ...fields, ...proof }, [{ name: 'scan.pdf', type: 'application/pdf', content: Buffer.alloc(70 * 1024, 1) }]) });
      expect(oversize.status).toBe(413);
      expect(oversize.body).toMatchObject({ statusCode: 413, details: { code: 'INTAKE.TOO_LARGE', max_attachment_bytes: 64 * 1024 } });
      expect(oversize.body.message).toMatch(/'scan\.pdf' is 71680 bytes; one attachment may be at most 65536 bytes/);
      const tooMuch = await call(api('/harbor/Ops.Warehouse'), {
        method: 'POST',
        body: formData({ ...fields, ...proof }, [1, 2].map((i) => ({ name: `page${i}.pdf`, type: 'application/pdf', content: Buffer.alloc(60 * 1024, i) }))),
      });
      expect(tooMuch.status).toBe(413);
      expect(tooMuch.body.message).toMatch(/add up to 122880 bytes; a report may carry at most 98304 bytes/);
      const exe = await call(api('/harbor/Ops.Warehouse'), { method: 'POST', body: formData({ ...fields, ...proof }, [{ name: 'run.exe', type: 'application/octet-stream', content: Buffer.from('MZ') }]) });
      expect(exe.status).toBe(400);
      expect(exe.body.details).toMatchObject({ code: 'INTAKE.TYPE_NOT_ALLOWED', allowed_types: ['pdf', 'png', 'txt'] });
      // JSON takes the same checks as a form.
      const json = await call(api('/harbor/Ops.Warehouse'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...proof, description: SPILL.body }) });
      expect(json.status).toBe(400);
      expect(json.body.message).toMatch(/subject/);
    });

    it('answers a filled honeypot like a success, and the receipt leads nowhere', async () => {
      const res = await submit('HR.Policy', { subject: 'Cheap watches', description: 'Buy now', contact: 'bot@spam.example', website: 'http://spam.example' });
      expect(res.status).toBe(202);
      expect(res.body.receipt.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      const status = await call(api(`/status/${res.body.receipt.code}`));
      expect(status.status).toBe(404);
      expect(status.body).toMatchObject({ details: { code: 'INTAKE.RECEIPT_NOT_FOUND' } });
      expect((await call(api('/status/not-a-code'))).status).toBe(404);
    });

    it('has created nothing: no email, no task, no submission in the audit trail', async () => {
      expect(await tasks()).toEqual([]);
      expect(await submittedAudit()).toEqual([]);
      expect((await admin.get('/api/v1/audit?action=email.received&limit=10')).body.total).toBe(0);
      const metrics = await (await fetch(`${orgo.url}/metrics`)).text();
      expect(metrics).toMatch(/orgo_intake_submissions_total\{[^}]*outcome="honeypot"[^}]*\} 1/);
    });
  });

  describe('reports', () => {
    let named: any;
    let anonymous: any;
    let namedTask: any;
    let anonymousTask: any;

    it('answers the form of a role: where reports go, whether they may be anonymous, the limits and a challenge', async () => {
      const hr = await form('HR.Policy');
      expect(hr).toMatchObject({
        organization: { slug: 'harbor', name: 'Harbor Logistics' },
        role: 'HR.Policy',
        address: 'report@harbor.example',
        anonymous_allowed: true,
        max_attachment_bytes: 64 * 1024,
        max_total_bytes: 96 * 1024,
        allowed_types: ['pdf', 'png', 'txt'],
        challenge: { difficulty: 8 },
      });
      expect(hr.challenge.token).toMatch(/^v1\./);
      expect((await form('Ops.Warehouse')).anonymous_allowed).toBe(false);
    });

    it('makes a named report a task routed like the same mail, from the contact, acknowledged to them', async () => {
      const res = await submit('Ops.Warehouse', { subject: SPILL.subject, description: SPILL.body, contact: 'Sam.Rivera@mail.example', anonymous: 'false' }, [
        { name: 'aisle-4.png', type: 'image/png', content: Buffer.from('89504e470d0a1a0a', 'hex') },
      ]);
      expect(res.status).toBe(202);
      named = res.body;
      // The same solved challenge once more: refused, and no second task.
      const replayed = await call(api('/harbor/Ops.Warehouse'), { method: 'POST', body: formData({ ...res.proof, subject: SPILL.subject, description: SPILL.body, contact: 'sam.rivera@mail.example' }) });
      expect(replayed.status).toBe(400);
      expect(replayed.body).toMatchObject({ details: { code: 'INTAKE.CHALLENGE_USED' } });
      expect(replayed.body.message).toMatch(/used already.*Load the form again/);
      expect(named.receipt).toMatchObject({ organization: 'harbor', role: 'Ops.Warehouse' });
      expect(named.message).toMatch(/follow-up code/);
      dropMail(home, 'warehouse@harbor.example', 'spill.eml', ['From: lee.chan@mail.example', 'To: warehouse@harbor.example', `Subject: ${SPILL.subject}`, 'Message-ID: <spill-by-mail@mail.example>', '', SPILL.body, ''].join('\r\n'));
      const both = await eventually(tasks, (items) => items.length === 2, { what: 'the web report and the mail as tasks', timeoutMs: 60_000 });
      namedTask = both.find((t) => t.reporter === 'sam.rivera@mail.example');
      const mailed = both.find((t) => t.reporter === 'lee.chan@mail.example');
      expect(namedTask).toBeDefined();
      const routing = (t: any) => ({ type: t.type, subtype: t.subtype, label: t.label, priority: t.priority, assignee: t.assignee.position, tags: t.tags, title: t.title, mailbox: t.source.mailbox, sensitive: t.sensitive });
      expect(routing(namedTask)).toEqual(routing(mailed));
      expect(routing(namedTask)).toMatchObject({ type: 'safety', label: '1001.14.Ops.Warehouse', mailbox: 'warehouse@harbor.example', sensitive: false });
      expect(namedTask.description).toContain('spill across aisle 4');
      const acknowledgement = await eventually(readOutbox.bind(null, home), (mails) => mails.some((m) => m.to.includes('sam.rivera@mail.example')), { what: 'the acknowledgement to the contact', timeoutMs: 60_000 });
      expect(acknowledgement.find((m) => m.to.includes('sam.rivera@mail.example'))?.subject).toContain(namedTask.key);
    });

    it('shows an anonymous sensitive report only under a pseudonym; the typed contact and the client address appear nowhere', async () => {
      const res = await submit('HR.Policy', {
        subject: 'Harassment by the night shift supervisor',
        description: 'The night shift supervisor keeps making comments about my appearance in front of the team, most nights around 02:00 near the break room.',
        anonymous: 'true',
        contact: TYPED_CONTACT,
      }, [{ name: 'statement-maria-lopez.txt', type: 'text/plain', content: Buffer.from('Nights of 1 and 2 December, break room.') }]);
      expect(res.status).toBe(202);
      anonymous = res.body;
      anonymousTask = await eventually(async () => (await tasks()).find((t) => t.type === 'hr'), Boolean, { what: 'the anonymous report as a task', timeoutMs: 60_000 });
      expect(anonymousTask).toMatchObject({ sensitive: true, subtype: 'harassment', visibility: 'private', assignee: { position: '101.HR.Policy' } });
      expect(anonymousTask.reporter).toMatch(/^Anon-\d+$/);
      expect(anonymousTask.description).toContain('night shift supervisor keeps making comments');
      const events = (await admin.get(`/api/v1/tasks/${anonymousTask.id}/events`)).body.items;
      // Nobody to acknowledge: the From names nobody and can never be delivered.
      expect(events.find((e: any) => e.type === 'created').data.acknowledgement).toMatchObject({ send: false, reason: expect.stringMatching(/^anonymous: /) });
      const notified = await eventually(readOutbox.bind(null, home), (mails) => mails.some((m) => m.subject.includes(anonymousTask.key)), { what: "the HR officer's notification", timeoutMs: 60_000 });
      const audit = await eventually(submittedAudit, (items) => items.length === 2, { what: 'both submissions audited' });
      expect(audit.find((a) => a.details.anonymous === true)?.details).toMatchObject({ kind: 'report', role: 'HR.Policy', organization: 'harbor', attachments: 1 });
      // The file keeps its content and type; its name, which named the reporter, is gone.
      const email = (await admin.get(`/api/v1/emails/${anonymousTask.source.email_id}`)).body;
      expect(email.attachments).toEqual([expect.objectContaining({ name: 'attachment-1.txt' })]);
      expect(email.source).toBe('web_form');

      const needles = [TYPED_CONTACT, 'maria', 'lopez', ...CLIENT_ADDRESSES];
      const found = (text: string) => needles.filter((n) => text.toLowerCase().includes(n));
      const answers = [
        JSON.stringify(anonymousTask),
        JSON.stringify(events),
        JSON.stringify((await admin.get(`/api/v1/audit?email_id=${anonymousTask.source.email_id}&limit=1000`)).body),
        JSON.stringify((await admin.get(`/api/v1/audit?correlation_id=${anonymousTask.source.email_id}&limit=1000`)).body),
        JSON.stringify((await call(api(`/status/${anonymous.receipt.code}`))).body),
        JSON.stringify(email),
      ];
      expect(answers.map(found).flat()).toEqual([]);
      // The whole trail (which records sign-ins, with their addresses) never names the reporter.
      expect(found(JSON.stringify((await admin.get('/api/v1/audit?limit=1000')).body)).filter((n) => !CLIENT_ADDRESSES.includes(n))).toEqual([]);
      expect(notified.map((m) => found(`${m.to} ${m.subject} ${m.text} ${JSON.stringify([...m.headers])}`)).flat()).toEqual([]);
      const logs = filesUnder(path.join(home, 'logs'), '.log').map((f) => fs.readFileSync(f, 'utf8'));
      expect(logs.join('').length).toBeGreaterThan(0);
      const intakeLines = logs.join('\n').split('\n').filter((line) => line.includes('web intake') || line.includes(anonymousTask.source.email_id));
      expect(intakeLines.length).toBeGreaterThan(0);
      expect(intakeLines.map(found).flat()).toEqual([]);
      expect(found([...logs, orgo.output()].join('\n')).filter((n) => !CLIENT_ADDRESSES.includes(n))).toEqual([]);
      const sqlite = filesUnder(path.join(home, 'data'), '.sqlite');
      // The administrator's own sign-ins are audited with their address (security trail): those alone may carry 127.0.0.1.
      const signIns = new Set(((await admin.get('/api/v1/audit?category=security&limit=1000')).body.items as any[]).filter((e) => e.action.startsWith('security.login.')).map((e) => e.id));
      const hits = (await scanRawDatabases({ sqlite }, [TYPED_CONTACT, 'Lopez', ...CLIENT_ADDRESSES])).filter((h) => !(h.table === 'audit_entries' && signIns.has(String(h.rowId))));
      expect(hits.map((h) => `${h.database} ${h.table}.${h.column}: ${h.excerpt}`)).toEqual([]);
    });

    it('shows what became of a report to whoever holds its code, and only what the reporter may see', async () => {
      const typedLoosely = anonymous.receipt.code.toLowerCase().replace(/-/g, ' ');
      const status = await call(api(`/status/${encodeURIComponent(typedLoosely)}`));
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ status: 'pending', task_key: anonymousTask.key, challenge: { difficulty: 8 } });
      expect(status.body.updates.map((u: any) => [u.kind, u.text])).toEqual([
        ['status', 'received'],
        ['status', 'pending'],
      ]);
      expect(JSON.stringify(status.body)).not.toMatch(/101\.HR|officer|Anon-|label|harbor\.example/);
      const namedStatus = (await call(api(`/status/${named.receipt.code}`))).body;
      expect(namedStatus).toMatchObject({ status: 'pending', task_key: namedTask.key });
    });

    it('adds information sent with the code to the task, as a reply from the reporter, still anonymous', async () => {
      const { challenge } = (await call(api(`/status/${anonymous.receipt.code}`))).body;
      const res = await call(api(`/status/${anonymous.receipt.code}/messages`), {
        method: 'POST',
        body: formData({ ...solved(challenge), text: 'It happened again last night, and a colleague saw it.' }, [{ name: 'notes.txt', type: 'text/plain', content: Buffer.from('dates: 1 and 2 December') }]),
      });
      expect(res.status).toBe(202);
      const events = await eventually(
        async () => (await admin.get(`/api/v1/tasks/${anonymousTask.id}/events`)).body.items as any[],
        (items) => items.some((e) => e.type === 'reply_received'),
        { what: 'the follow-up on the timeline', timeoutMs: 60_000 },
      );
      expect(events.find((e) => e.type === 'reply_received')).toMatchObject({ actor: anonymousTask.reporter, data: { text: expect.stringContaining('a colleague saw it') } });
      expect((await admin.get(`/api/v1/tasks?organization=harbor&type=hr`)).body.total).toBe(1);
      const status = (await call(api(`/status/${anonymous.receipt.code}`))).body;
      expect(status.updates).toContainEqual(expect.objectContaining({ kind: 'reply', text: expect.stringContaining('a colleague saw it') }));
      const reused = await call(api(`/status/${anonymous.receipt.code}/messages`), { method: 'POST', body: formData({ ...solved(challenge), text: 'again' }) });
      expect(reused.body).toMatchObject({ details: { code: 'INTAKE.CHALLENGE_USED' } });
      const audit = await eventually(submittedAudit, (items) => items.length === 3, { what: 'the follow-up audited' });
      expect(audit.find((a) => a.details.kind === 'follow_up')?.details).toMatchObject({ anonymous: true, attachments: 1 });
      expect(JSON.stringify(audit)).not.toMatch(/maria|lopez|127\.0\.0\.1/i);
    });
  });
});

describe('web intake rate limits (standalone shape)', () => {
  let orgo: Standalone;
  const home = tempDir('orgo-web-intake-limits-');

  beforeAll(async () => {
    orgo = await startStandalone(CONFIG, home, undefined, { ORGO_API_GATEWAY__INTAKE__SUBMISSIONS_PER_MINUTE: '2', ORGO_API_GATEWAY__INTAKE__LOOKUPS_PER_MINUTE: '3' });
  }, 120_000);

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  it('answers past the per-address limit with 429, Retry-After and what to do', async () => {
    const url = `${orgo.url}/api/v1/intake/harbor/Ops.Warehouse`;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call(url, { method: 'POST', body: formData({ subject: 'x', description: 'y', contact: 'sam@mail.example' }) }));
    expect(answers.map((a) => a.status)).toEqual([400, 400, 429]);
    expect(answers[2].body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/Too many reports from this address \(at most 2 a minute\): wait \d+ s/) });
    expect(Number(answers[2].headers.get('retry-after'))).toBeGreaterThan(0);
    const lookups = [];
    for (let i = 0; i < 4; i++) lookups.push((await call(`${orgo.url}/api/v1/intake/status/0000-0000-0000-0000`)).status);
    expect(lookups).toEqual([404, 404, 404, 429]);
  });
});

describe('web intake (distributed shape, two api-gateway replicas)', () => {
  const fleet = new ServiceFleet(CONFIG, tempDir('orgo-web-intake-fleet-'));
  const replicaB = () => `http://127.0.0.1:${fleet.ports.get('api-gateway-2')}`;

  beforeAll(async () => {
    for (const service of SERVICES) await fleet.start(service);
    await fleet.start('api-gateway', { replica: 'api-gateway-2' });
  }, 300_000);

  afterAll(async () => {
    await fleet.stopAll();
    await fleet.removeNamespace();
  }, 120_000);

  it('takes a solved challenge on one replica only; the report becomes a task that either replica follows', async () => {
    const { challenge } = (await call(`${fleet.apiUrl}/api/v1/intake/harbor/Ops.Warehouse`)).body;
    const fields = { ...solved(challenge), subject: SPILL.subject, description: SPILL.body, contact: 'sam.rivera@mail.example' };
    const first = await call(`${fleet.apiUrl}/api/v1/intake/harbor/Ops.Warehouse`, { method: 'POST', body: formData(fields) });
    expect(first.status).toBe(202);
    const again = await call(`${replicaB()}/api/v1/intake/harbor/Ops.Warehouse`, { method: 'POST', body: formData(fields) });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ details: { code: 'INTAKE.CHALLENGE_USED' } });

    const admin = new ApiClient(replicaB());
    await admin.login();
    const [task] = await eventually(async () => (await admin.get('/api/v1/tasks?organization=harbor')).body.items ?? [], (items: any[]) => items.length > 0, {
      what: 'the web report as a task',
      timeoutMs: 90_000,
    });
    expect(task).toMatchObject({ type: 'safety', reporter: 'sam.rivera@mail.example', assignee: { position: '1001.Ops.Warehouse' } });
    expect((await admin.get('/api/v1/tasks?organization=harbor')).body.total).toBe(1);
    const status = await call(`${replicaB()}/api/v1/intake/status/${first.body.receipt.code}`);
    expect(status.body).toMatchObject({ status: 'pending', task_key: task.key });
  });
});
