import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { type ReceivedMail, type SmtpSink, smtpSinkEnv, startSmtpSink } from './support/smtp-sink';
import { ROOT, type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

/**
 * SPEC §6 Escalation, end to end in the standalone shape (fixture `tests/fixtures/escalation`: four
 * organizations with the same positions, one per `escalation_granularity`). The full line upward is
 * 1001.Ops.Repairs → 101.Ops.Repairs → 11.Ops → 2 → 1 (`11.Ops` reports to the deputy `2`); each
 * granularity walks its own steps of it. Rules give seconds-long reactivity times. The notifier
 * sends its mail over SMTP to a real server the test starts (smtp-server).
 */
const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'escalation', 'config');

type Org = 'detailed' | 'moderate' | 'accelerated' | 'broad';
const STEPS: Record<Org, string[]> = {
  detailed: ['1001.Ops.Repairs', '101.Ops.Repairs', '11.Ops', '2', '1'],
  moderate: ['1001.Ops.Repairs', '101.Ops.Repairs', '11.Ops', '1'],
  accelerated: ['1001.Ops.Repairs', '11.Ops', '1'],
  broad: ['1001.Ops.Repairs', '1'],
};
const LABEL: Record<string, string> = {
  '1001.Ops.Repairs': '1001.81.Ops.Repairs',
  '101.Ops.Repairs': '101.81.Ops.Repairs',
  '11.Ops': '11.81.Ops',
  '2': '2.81',
  '1': '1.81',
};
const holders = (org: string, position: string): string[] =>
  ({
    '1': [`director@${org}.example`],
    '2': [`deputy@${org}.example`],
    '11.Ops': [`ops.head@${org}.example`],
    '101.Ops.Repairs': [`lead@${org}.example`],
    '1001.Ops.Repairs': [`tech1@${org}.example`, `tech2@${org}.example`],
  })[position] ?? [];

const HOLDER_PASSWORD = 'Escalation-Holder-2026';
/** What follows `[KEY · LABEL] ` in the subject of each kind of mail. */
const SUBJECT = {
  assigned: /^(?!Escalated: |Unresolved at the top|Received: )/,
  escalated: /^Escalated: /,
  escalation_ended: /^Unresolved at the top of its chain: /,
  acknowledgement: /^Received: /,
};

describe('escalation chains', () => {
  let orgo: Standalone;
  let smtp: SmtpSink;
  let admin: ApiClient;
  let n = 0;

  const byMessage = async (id: string): Promise<any> =>
    (await admin.get('/api/v1/tasks?limit=200')).body.items.find((t: any) => t.source.message_id === id);
  const task = async (id: string): Promise<any> => (await admin.get(`/api/v1/tasks/${id}`)).body;
  const events = async (id: string): Promise<any[]> => (await admin.get(`/api/v1/tasks/${id}/events`)).body.items;
  const audit = async (taskId: string, action: string): Promise<any[]> =>
    (await admin.get(`/api/v1/audit?task_id=${taskId}&action=${encodeURIComponent(action)}&limit=1000`)).body.items;

  /** Drops a mail on an organization's repairs address and waits for its task. */
  async function report(org: Org, subject: string, o: { from?: string; headers?: string } = {}): Promise<any> {
    const id = `report-${++n}@members.example`;
    dropMail(orgo.home, `repairs@${org}.example`, `report-${n}.eml`, mail({ from: o.from ?? 'member@members.example', to: `repairs@${org}.example`, subject, body: 'Please look into it.', id, headers: o.headers }));
    return eventually(() => byMessage(id), (t) => Boolean(t), { what: `the task for "${subject}" in ${org}` });
  }

  /**
   * The mails about `key` at `label` for `purpose` (told apart by the subject after `[KEY · LABEL]`),
   * once every one of `to` has received one (the notifier may send one mail per recipient, and tell
   * more people than the holders per the profile's notification scope).
   */
  async function mailsAbout(key: string, label: string, purpose: keyof typeof SUBJECT, to: string[]): Promise<ReceivedMail[]> {
    const prefix = `[${key} · ${label}] `;
    return eventually(
      async () => smtp.mails.filter((m) => m.headers.get('x-orgo-task') === key && m.subject.startsWith(prefix) && SUBJECT[purpose].test(m.subject.slice(prefix.length))),
      (mails) => to.every((address) => mails.some((m) => m.to.includes(address))),
      { what: `the ${purpose} mail of ${key} at ${label} to ${to.join(', ')}` },
    );
  }

  const walks = new Map<Org, Promise<any>>();

  beforeAll(async () => {
    smtp = await startSmtpSink();
    orgo = await startStandalone(CONFIG, tempDir('orgo-escalation-chains-'), undefined, smtpSinkEnv(smtp));
    admin = new ApiClient(orgo.url);
    await admin.login();
    // The four walks run side by side; each test below follows its own.
    for (const org of Object.keys(STEPS) as Org[]) walks.set(org, report(org, `Cupboard door off its hinge (walk ${org})`));
    await Promise.all(walks.values());
    for (const [email, org] of [[`lead@detailed.example`, 'detailed'], ['lead@moderate.example', 'moderate']]) {
      const created = await admin.request('POST', '/api/v1/users', { email, password: HOLDER_PASSWORD, organizations: [org] });
      expect(created.status).toBe(201);
    }
  }, 150_000);

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
    await smtp?.close();
  });

  describe.each(Object.keys(STEPS) as Org[])('granularity %s', (org) => {
    const steps = STEPS[org];

    it(`walks ${steps.join(' → ')} and ends escalation at the top`, async () => {
      const created = await walks.get(org);
      expect(created).toMatchObject({ organization: org, label: LABEL[steps[0]], assignee: { position: steps[0] }, status: 'pending', escalation: { level: 0, chain: steps } });
      const timeline = await eventually(() => events(created.id), (es) => es.some((e) => e.type === 'escalation_ended'), { what: `${org}: the end of the chain`, timeoutMs: 60_000 });

      const routed = timeline.find((e) => e.type === 'routed');
      expect(routed.data).toMatchObject({ position: steps[0], label: LABEL[steps[0]], reactivity: { ms: 2000, source: 'rule' } });
      const escalated = timeline.filter((e) => e.type === 'escalated');
      expect(escalated).toHaveLength(steps.length - 1);
      escalated.forEach((e, i) => {
        expect(e.actor).toBe('escalation-scheduler');
        expect(e.data).toMatchObject({
          from: steps[i],
          to: steps[i + 1],
          label_from: LABEL[steps[i]],
          label_to: LABEL[steps[i + 1]],
          level: i + 1,
          reason: 'reactivity_elapsed',
          status_from: i === 0 ? 'pending' : 'escalated',
          recipients: holders(org, steps[i + 1]),
        });
      });
      const ended = timeline.filter((e) => e.type === 'escalation_ended');
      expect(ended).toHaveLength(1);
      expect(ended[0].data).toMatchObject({ position: '1', reason: expect.stringMatching(/top of the escalation chain/) });
      expect(timeline.indexOf(ended[0])).toBeGreaterThan(timeline.indexOf(escalated[escalated.length - 1]));

      const top = await task(created.id);
      expect(top).toMatchObject({ assignee: { position: '1', person: null }, label: '1.81', status: 'escalated', escalation: { level: steps.length - 1, chain: steps, next_due_at: null } });
    });

    it('audits every step with actor, reason, label, position, status and recipients', async () => {
      const created = await walks.get(org);
      const entries = await eventually(() => audit(created.id, 'task.*.escalated'), (es) => es.length === steps.length - 1, { what: `${org}: the audited steps` });
      entries.forEach((entry, i) => {
        expect(entry).toMatchObject({
          organization: org,
          category: 'task',
          actor: 'escalation-scheduler',
          label: LABEL[steps[i + 1]],
          details: {
            key: created.key,
            event: 'escalated',
            status: 'escalated',
            position: steps[i + 1],
            level: i + 1,
            data: { from: steps[i], to: steps[i + 1], reason: 'reactivity_elapsed', recipients: holders(org, steps[i + 1]) },
          },
        });
      });
      const ended = await eventually(() => audit(created.id, 'task.*.escalation_ended'), (es) => es.length === 1, { what: `${org}: the audited end` });
      expect(ended[0]).toMatchObject({ label: '1.81', details: { event: 'escalation_ended', position: '1' } });
    });

    it("mails each new level's holders, and the top when escalation ends", async () => {
      const created = await walks.get(org);
      for (const position of steps.slice(1)) {
        const sent = await mailsAbout(created.key, LABEL[position], 'escalated', holders(org, position));
        for (const m of sent) expect(m.headers.get('x-orgo-label')).toBe(LABEL[position]);
      }
      await mailsAbout(created.key, '1.81', 'escalation_ended', holders(org, '1'));
    });
  });

  it('asks for an acknowledgement of a walk, but never for an automatic reply or mail from a role address', async () => {
    const walk = await walks.get('detailed');
    const createdOf = async (id: string) => (await events(id)).find((e) => e.type === 'created');
    expect((await createdOf(walk.id)).data.acknowledgement).toEqual({ send: true, template: 'acknowledgement' });
    // The notifier answers the sender with the task key; nobody answers the mails below.
    await mailsAbout(walk.key, LABEL['1001.Ops.Repairs'], 'acknowledgement', ['member@members.example']);
    const auto = await report('broad', 'Out of office (walk)', { headers: 'Auto-Submitted: auto-replied' });
    expect((await createdOf(auto.id)).data.acknowledgement).toEqual({ send: false, reason: expect.stringMatching(/^auto_submitted: /) });
    const own = await report('broad', 'Forwarded: tap dripping (walk)', { from: 'hello@broad.example' });
    expect((await createdOf(own.id)).data.acknowledgement).toEqual({ send: false, reason: expect.stringMatching(/^own_address: .*hello@broad\.example/) });
    const none = await report('broad', 'manual check of the boiler');
    expect((await createdOf(none.id)).data).not.toHaveProperty('acknowledgement');
    await mailsAbout(none.key, LABEL['1001.Ops.Repairs'], 'assigned', holders('broad', '1001.Ops.Repairs'));
    // By then the receipts of the earlier mails would have left too: none did.
    const answered = smtp.mails.filter((m) => SUBJECT.acknowledgement.test(m.subject.replace(/^\[[^\]]*\] /, ''))).map((m) => m.headers.get('x-orgo-task'));
    for (const key of [auto.key, own.key, none.key]) expect(answered).not.toContain(key);
  });

  it('escalates at once a task whose severity reaches the threshold; a holder at the new level accepting leaves escalated', async () => {
    const created = await report('detailed', 'Smell of gas in the workshop');
    const up = await eventually(() => task(created.id), (t) => t.escalation.level === 1, { what: 'the severe task escalated', timeoutMs: 10_000 });
    expect(up).toMatchObject({ severity: 'major', status: 'escalated', assignee: { position: '101.Ops.Repairs' }, label: '101.81.Ops.Repairs' });
    const timeline = await events(created.id);
    expect(timeline.find((e) => e.type === 'routed').data.escalates_at_once).toMatch(/severity major reaches the threshold major/);
    const step = timeline.find((e) => e.type === 'escalated');
    expect(step.data).toMatchObject({ from: '1001.Ops.Repairs', to: '101.Ops.Repairs', recipients: ['lead@detailed.example'] });
    // The step is due at once, not after the rule's hour; the scheduler fires it as a due timer.
    expect(['severity', 'reactivity_elapsed']).toContain(step.data.reason);

    const lead = new ApiClient(orgo.url);
    await lead.login({ email: 'lead@detailed.example', password: HOLDER_PASSWORD });
    const accepted = await lead.request('PATCH', `/api/v1/tasks/${created.id}`, { status: 'in_progress' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'in_progress', assignee: { position: '101.Ops.Repairs', person: 'lead@detailed.example' }, label: '101.81.Ops.Repairs' });
    const change = (await events(created.id)).filter((e) => e.type === 'status_changed').pop();
    expect(change).toMatchObject({ actor: 'lead@detailed.example', data: { from: 'escalated', to: 'in_progress' } });
  });

  it('sends a crisis (category 9) straight to the top of its chain', async () => {
    const created = await report('moderate', 'Small fire in the storeroom');
    expect(created).toMatchObject({ category: 9, label: '1.91', assignee: { position: '1' }, escalation: { level: 3, chain: STEPS.moderate } });
    const timeline = await eventually(() => events(created.id), (es) => es.some((e) => e.type === 'escalation_ended'), { what: 'the crisis chain ended', timeoutMs: 20_000 });
    expect(timeline.find((e) => e.type === 'routed').data).toMatchObject({ via: 'crisis', suggested_position: '1001.Ops.Repairs' });
    expect(timeline.filter((e) => e.type === 'escalated')).toEqual([]);
    await mailsAbout(created.key, '1.91', 'assigned', ['director@moderate.example']);
  });

  it("follows a rule's escalation_path instead of the organization's chain", async () => {
    const created = await report('accelerated', 'Broken path lights');
    const chain = ['1001.Ops.Repairs', '101.Ops.Repairs', '2'];
    expect(created.escalation.chain).toEqual(chain);
    const timeline = await eventually(() => events(created.id), (es) => es.some((e) => e.type === 'escalation_ended'), { what: 'the path walked', timeoutMs: 30_000 });
    expect(timeline.filter((e) => e.type === 'escalated').map((e) => [e.data.to, e.data.label_to])).toEqual([
      ['101.Ops.Repairs', '101.81.Ops.Repairs'],
      ['2', '2.81'],
    ]);
    expect(timeline.find((e) => e.type === 'escalation_ended').data.position).toBe('2');
    expect(await task(created.id)).toMatchObject({ assignee: { position: '2' }, label: '2.81', status: 'escalated' });
    await mailsAbout(created.key, '2.81', 'escalated', ['deputy@accelerated.example']);
  });

  it('takes the reactivity time from the rule, then task metadata, then the organization table, then the global rules', async () => {
    const cases: [Org, string, number, string][] = [
      ['detailed', 'rule time', 30 * 60_000, 'rule'],
      ['detailed', 'metadata time', 90 * 60_000, 'metadata'],
      ['detailed', 'table time', 45 * 60_000, 'organization'],
      ['detailed', 'default time', 72 * 3_600_000, 'organization'],
      ['broad', 'table time', 50 * 60_000, 'global_table'],
      ['broad', 'default time', 20 * 3_600_000, 'global_default'],
    ];
    for (const [org, subject, ms, source] of cases) {
      const created = await report(org, `Window stuck (${subject})`);
      const routed = (await events(created.id)).find((e) => e.type === 'routed');
      expect({ org, subject, reactivity: routed.data.reactivity }).toEqual({ org, subject, reactivity: { ms, source } });
      expect(Date.parse(created.escalation.next_due_at) - Date.parse(created.created_at)).toBe(ms);
    }
  });

  describe('manual escalation (POST /api/v1/tasks/{id}/escalate)', () => {
    it('walks the same path as the timer, audited with the person and their reason, then refuses at the top', async () => {
      const created = await report('detailed', 'Loose handrail (manual)');
      const first = await admin.request('POST', `/api/v1/tasks/${created.id}/escalate`, { reason: 'Needs a welder' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: created.id, status: 'escalated', assignee: { position: '101.Ops.Repairs', person: null }, label: '101.81.Ops.Repairs', escalation: { level: 1 } });
      expect(Date.parse(first.body.escalation.next_due_at) - Date.parse(first.body.updated_at)).toBe(3_600_000);
      for (const [level, position] of STEPS.detailed.slice(2).entries()) {
        const next = await admin.request('POST', `/api/v1/tasks/${created.id}/escalate`);
        expect(next.status).toBe(200);
        expect(next.body).toMatchObject({ assignee: { position }, label: LABEL[position], status: 'escalated', escalation: { level: level + 2 } });
      }
      const refused = await admin.request('POST', `/api/v1/tasks/${created.id}/escalate`, { reason: 'again' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ statusCode: 409, details: { code: 'TASK.TOP_OF_CHAIN', position: '1' } });
      expect(refused.body.message).toMatch(/already at the top of its escalation chain/);

      const escalated = (await events(created.id)).filter((e) => e.type === 'escalated');
      expect(escalated.map((e) => e.data.to)).toEqual(STEPS.detailed.slice(1));
      // The same step as a timer's: the same facts on the timeline, plus the person's note.
      const timerStep = (await events((await walks.get('detailed')).id)).find((e) => e.type === 'escalated');
      escalated.forEach((e, i) => {
        expect(e.actor).toBe('admin@orgo.test');
        expect(Object.keys(e.data).sort()).toEqual([...Object.keys(timerStep.data), ...(i === 0 ? ['note'] : [])].sort());
        expect(e.data).toMatchObject({ reason: 'manual', from: STEPS.detailed[i], label_to: LABEL[STEPS.detailed[i + 1]], recipients: holders('detailed', STEPS.detailed[i + 1]) });
      });
      expect(escalated[0].data.note).toBe('Needs a welder');
      const entries = await eventually(() => audit(created.id, 'task.*.escalated'), (es) => es.length === 4, { what: 'the manual steps audited' });
      expect(entries.map((e) => [e.actor, e.details.data.reason, e.label])).toEqual(STEPS.detailed.slice(1).map((p) => ['admin@orgo.test', 'manual', LABEL[p]]));
      expect(entries[0].details.data.note).toBe('Needs a welder');
      for (const position of STEPS.detailed.slice(1)) {
        await mailsAbout(created.key, LABEL[position], 'escalated', holders('detailed', position));
      }
    });

    it('answers 404 for an unknown task or one the caller may not see, 409 for a closed task, 400 for a bad body', async () => {
      const created = await report('detailed', 'Flickering lamp (manual)');
      expect((await admin.request('POST', '/api/v1/tasks/00000000-0000-4000-8000-000000000000/escalate')).status).toBe(404);
      const outsider = new ApiClient(orgo.url);
      await outsider.login({ email: 'lead@moderate.example', password: HOLDER_PASSWORD });
      const hidden = await outsider.request('POST', `/api/v1/tasks/${created.id}/escalate`);
      expect(hidden.status).toBe(404);
      expect((await task(created.id)).escalation.level).toBe(0);

      const bad = await admin.request('POST', `/api/v1/tasks/${created.id}/escalate`, { reason: 42 });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/reason must be a string/);

      expect((await admin.request('PATCH', `/api/v1/tasks/${created.id}`, { status: 'completed' })).status).toBe(200);
      const closed = await admin.request('POST', `/api/v1/tasks/${created.id}/escalate`);
      expect(closed.status).toBe(409);
      expect(closed.body).toMatchObject({ details: { code: 'TASK.CLOSED', status: 'completed' } });
      expect(closed.body.message).toMatch(/is completed; a closed task cannot be escalated/);
    });
  });
});
