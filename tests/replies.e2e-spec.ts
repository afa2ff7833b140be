import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { outboxTexts } from './support/outbox';
import {
  ROOT,
  type Standalone,
  dropMail,
  mail,
  startStandalone,
  tempDir,
} from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const MAILBOX = 'repairs@riverside.example';

/**
 * SPEC §6 "Replies": an answer to a task notification updates the task instead of creating one —
 * matched by In-Reply-To / References, else by the key in the subject; quoted history stripped;
 * accept / ETA / done / escalate understood, anything else a comment; a reply from someone who may
 * not act, or an automatic reply, is recorded but changes nothing.
 */
describe('replies to task notifications', () => {
  let orgo: Standalone;
  let api: ApiClient;
  let n = 0;

  beforeAll(async () => {
    orgo = await startStandalone(CONFIG, tempDir('orgo-replies-'));
    api = new ApiClient(orgo.url);
    await api.login();
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  const tasks = async (): Promise<any[]> => (await api.get('/api/v1/tasks?limit=100')).body.items;
  const byMessage = async (id: string): Promise<any> =>
    (await tasks()).find((t) => t.source.message_id === id);
  const task = async (id: string): Promise<any> => (await api.get(`/api/v1/tasks/${id}`)).body;
  const events = async (id: string): Promise<any[]> =>
    (await api.get(`/api/v1/tasks/${id}/events`)).body.items;
  const replies = async (id: string): Promise<any[]> =>
    (await events(id)).filter((e) => e.type === 'reply_received');

  async function newTask(
    subject: string,
    reporter = 'member@members.example',
  ): Promise<{ task: any; notificationId: string; messageId: string }> {
    const messageId = `report-${++n}@members.example`;
    dropMail(
      orgo.home,
      MAILBOX,
      `report-${n}.eml`,
      mail({ from: reporter, to: MAILBOX, subject, body: 'Please have a look.', id: messageId }),
    );
    const created = await eventually(
      () => byMessage(messageId),
      (t) => Boolean(t),
      { what: `the task for "${subject}"` },
    );
    const notification = await eventually(
      async () =>
        outboxTexts(orgo.home)
          .map((m) => m.text)
          .find((m) => new RegExp(`^X-Orgo-Task: ${created.key}\\r?$`, 'm').test(m)),
      (m) => Boolean(m),
      { what: `the notification of ${created.key}` },
    );
    const notificationId = /^Message-ID:\s*(<[^>]+>)/im.exec(notification as string)?.[1] as string;
    expect(notificationId).toMatch(new RegExp(`^<orgo\\.${created.id}\\.`));
    return { task: created, notificationId, messageId: `<${messageId}>` };
  }

  function reply(o: {
    from: string;
    subject: string;
    body: string;
    inReplyTo?: string;
    references?: string[];
    headers?: string[];
  }): void {
    const id = `reply-${++n}@mail.example`;
    const headers = [
      ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
      ...(o.references ? [`References: ${o.references.join(' ')}`] : []),
      ...(o.headers ?? []),
    ].join('\r\n');
    dropMail(
      orgo.home,
      MAILBOX,
      `reply-${n}.eml`,
      mail({
        from: o.from,
        to: MAILBOX,
        subject: o.subject,
        body: o.body,
        id,
        headers: headers || undefined,
      }),
    );
  }

  const quoted = (key: string) =>
    `\r\n\r\nOn Tue, Nov 24, 2026 at 9:00 AM Riverside <${MAILBOX}> wrote:\r\n> [${key}] A task for you\r\n> done when it is done\r\n`;

  it('takes the task and sets its ETA from a reply matched by In-Reply-To, and creates no task', async () => {
    const { task: created, notificationId } = await newTask('Window cracked in the hall');
    const before = (await tasks()).length;
    reply({
      from: 'handy1@riverside.example',
      subject: `Re: [${created.key} · ${created.label}] Window cracked`,
      inReplyTo: notificationId,
      body: `On it\r\nETA: 30 minutes${quoted(created.key)}`,
    });
    const taken = await eventually(
      () => task(created.id),
      (t) => t.status === 'in_progress',
      { what: 'the task in progress' },
    );
    expect(taken.assignee).toEqual({
      position: '1001.Facilities.Repairs',
      person: 'handy1@riverside.example',
    });
    expect(taken.metadata.eta).toMatchObject({ text: '30 minutes', by: 'handy1@riverside.example' });
    const types = (await events(created.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['reply_received', 'eta_set', 'status_changed']));
    const [received] = await replies(created.id);
    expect(received).toMatchObject({
      actor: 'handy1@riverside.example',
      data: { action: 'accept', applied: true, eta: '30 minutes' },
    });
    expect(received.data.text).not.toContain('wrote:');
    expect((await tasks()).length).toBe(before);
  });

  it('records a comment with the quoted history stripped, then completes on "done" matched by References', async () => {
    const {
      task: created,
      notificationId,
      messageId,
    } = await newTask('Hinge loose on the storeroom cupboard');
    reply({
      from: 'handy2@riverside.example',
      subject: `Re: [${created.key}] Hinge`,
      references: [messageId, notificationId],
      body: `The new hinge arrives on Tuesday.${quoted(created.key)}`,
    });
    const comment = await eventually(
      async () => (await events(created.id)).find((e) => e.type === 'commented'),
      (e) => Boolean(e),
      { what: 'the comment' },
    );
    expect(comment).toMatchObject({
      actor: 'handy2@riverside.example',
      data: { text: 'The new hinge arrives on Tuesday.', via: 'email' },
    });
    expect((await task(created.id)).status).toBe('pending');

    reply({
      from: 'handy2@riverside.example',
      subject: `Re: [${created.key}] Hinge`,
      references: [messageId, notificationId],
      body: `Done, replaced it.${quoted(created.key)}`,
    });
    const done = await eventually(
      () => task(created.id),
      (t) => t.status === 'completed',
      { what: 'the task completed' },
    );
    expect(done.escalation.next_due_at).toBeNull();
  });

  it('matches by the key in the subject alone, and refuses a reply from someone who may not act', async () => {
    const { task: created } = await newTask('Tap dripping in the kitchen');
    reply({
      from: 'stranger@members.example',
      subject: `Re: [${created.key} · ${created.label}] Tap`,
      body: 'done',
    });
    const [refused] = await eventually(
      () => replies(created.id),
      (r) => r.length === 1,
      { what: 'the refused reply recorded' },
    );
    expect(refused).toMatchObject({
      actor: 'stranger@members.example',
      data: { action: 'complete', applied: false },
    });
    expect(refused.data.reason).toContain('holds no position');
    expect((await task(created.id)).status).toBe('pending');

    const audit = await eventually(
      async () => (await api.get(`/api/v1/audit?task_id=${created.id}&action=task.*.reply_received`)).body,
      (b) => b.total === 1,
      { what: 'the refused reply in the audit trail' },
    );
    expect(audit.items[0]).toMatchObject({ actor: 'stranger@members.example' });

    reply({
      from: 'lead@riverside.example',
      subject: `RE: [${created.key} · ${created.label}] Tap`,
      body: 'fixed',
    });
    await eventually(
      () => task(created.id),
      (t) => t.status === 'completed',
      { what: 'completed by the lead, higher on the chain' },
    );
  });

  it('records an automatic reply without acting on it', async () => {
    const { task: created, notificationId } = await newTask('Light flickering in room 3');
    reply({
      from: 'handy1@riverside.example',
      subject: `Automatic reply: [${created.key}] Light flickering`,
      inReplyTo: notificationId,
      body: 'I am out of the office until Monday. Done for the week.',
      headers: ['Auto-Submitted: auto-replied'],
    });
    const [auto] = await eventually(
      () => replies(created.id),
      (r) => r.length === 1,
      { what: 'the automatic reply recorded' },
    );
    expect(auto.data).toMatchObject({ applied: false });
    expect(auto.data.reason).toContain('automatic');
    expect((await task(created.id)).status).toBe('pending');
  });

  it('escalates on "escalate" along the same path as a timer', async () => {
    const { task: created, notificationId } = await newTask('Ceiling tile missing');
    reply({
      from: 'handy1@riverside.example',
      subject: `Re: [${created.key}] Ceiling`,
      inReplyTo: notificationId,
      body: 'Escalate: needs a scaffold we do not have.',
    });
    const escalated = await eventually(
      () => task(created.id),
      (t) => t.escalation.level === 1,
      { what: 'the task escalated' },
    );
    expect(escalated).toMatchObject({
      status: 'escalated',
      label: '101.11.Facilities.Repairs',
      assignee: { position: '101.Facilities.Repairs' },
    });
    const step = (await events(created.id)).find((e) => e.type === 'escalated');
    expect(step).toMatchObject({
      actor: 'handy1@riverside.example',
      data: { reason: 'reply', from: '1001.Facilities.Repairs', to: '101.Facilities.Repairs' },
    });
    const audited = await eventually(
      async () =>
        (await api.get(`/api/v1/audit?task_id=${created.id}&action=task.*.escalated`)).body.items as any[],
      (items) => items.length === 1,
      { what: 'the reply escalation audited' },
    );
    expect(audited[0]).toMatchObject({
      actor: 'handy1@riverside.example',
      details: { event: 'escalated', data: { reason: 'reply', to: '101.Facilities.Repairs' } },
    });
  });

  it("ignores Orgo's own notification when it comes back to a role address (no loop)", async () => {
    const { task: created } = await newTask('Shelf loose in the library');
    const notification = outboxTexts(orgo.home).find((m) => m.file.includes(`-${created.key}-assigned-`))!;
    const before = (await tasks()).length;
    dropMail(orgo.home, MAILBOX, `bounced-back-${++n}.eml`, notification.text);
    const ignored = await eventually(
      async () => (await api.get('/api/v1/audit?action=email.ignored&limit=100')).body.items as any[],
      (items) => items.some((e) => e.details?.rule === 'orgo:own-mail'),
      { what: "Orgo's own mail ignored" },
    );
    expect(ignored.filter((e) => e.details?.rule === 'orgo:own-mail')).toHaveLength(1);
    expect((await tasks()).length).toBe(before);
    expect(await replies(created.id)).toEqual([]);
  });

  it('turns a reply to an unknown task into a new task, so nothing is lost', async () => {
    const id = `orphan-${++n}@members.example`;
    dropMail(
      orgo.home,
      MAILBOX,
      `orphan-${n}.eml`,
      mail({
        from: 'member@members.example',
        to: MAILBOX,
        subject: 'Re: [RCC-9999] Old problem is back',
        body: 'The radiator leaks again.',
        id,
      }),
    );
    const created = await eventually(
      () => byMessage(id),
      (t) => Boolean(t),
      { what: 'the orphan reply as a new task' },
    );
    expect(created).toMatchObject({
      status: 'pending',
      assignee: { position: '1001.Facilities.Repairs' },
      title: 'Re: [RCC-9999] Old problem is back',
    });
  });

  it("never names or quotes a sensitive task's reporter who answers in the thread", async () => {
    const id = `complaint-${++n}@members.example`;
    const reporter = 'worried.member@members.example';
    dropMail(
      orgo.home,
      'hello@riverside.example',
      `complaint-${n}.eml`,
      mail({
        from: reporter,
        to: 'hello@riverside.example',
        subject: 'A complaint about a volunteer',
        body: 'Please keep this private.',
        id,
      }),
    );
    const created = await eventually(
      () => byMessage(id),
      (t) => Boolean(t),
      { what: 'the sensitive task' },
    );
    expect(created.sensitive).toBe(true);
    dropMail(
      orgo.home,
      'hello@riverside.example',
      `complaint-reply-${n}.eml`,
      mail({
        from: reporter,
        to: 'hello@riverside.example',
        subject: 'Re: A complaint about a volunteer',
        body: 'It happened again today. Call me at +1 555 0100.',
        id: `complaint-reply-${n}@members.example`,
        headers: `In-Reply-To: <${id}>`,
      }),
    );
    const [answer] = await eventually(
      () => replies(created.id),
      (r) => r.length === 1,
      { what: "the sensitive reporter's reply recorded" },
    );
    // The reply keeps the reporter's pseudonym, and what they said is there with the phone number scrubbed.
    expect(created.reporter).toMatch(/^Anon-\d+$/);
    expect(answer).toMatchObject({ actor: created.reporter, data: { applied: false } });
    expect(answer.data.text).toContain('It happened again today');
    expect(answer.data.text).not.toContain('555 0100');
    expect(JSON.stringify(await replies(created.id))).not.toContain(reporter);
    const audit = await eventually(
      async () => (await api.get(`/api/v1/audit?task_id=${created.id}&action=task.*.reply_received`)).body,
      (b) => b.total === 1,
      { what: 'the reply in the audit trail' },
    );
    expect(JSON.stringify(audit)).not.toContain(reporter);
    expect(JSON.stringify(audit)).not.toContain('555 0100');
  });

  it('never shows a pseudonym beside its sender on another task: their reply to their own ordinary request stays theirs', async () => {
    const sender = 'twice.member@members.example';
    const id = `complaint-${++n}@members.example`;
    dropMail(
      orgo.home,
      'hello@riverside.example',
      `complaint-${n}.eml`,
      mail({
        from: sender,
        to: 'hello@riverside.example',
        subject: 'A complaint about a coach',
        body: 'Please keep this private.',
        id,
      }),
    );
    const sensitive = await eventually(
      () => byMessage(id),
      (t) => Boolean(t),
      { what: 'the sensitive task' },
    );
    expect(sensitive.reporter).toMatch(/^Anon-\d+$/);
    const { task: ordinary, messageId } = await newTask('Window latch broken in the hall', sender);
    expect(ordinary).toMatchObject({ sensitive: false, reporter: sender });
    reply({
      from: sender,
      subject: 'Re: Window latch broken in the hall',
      inReplyTo: messageId,
      references: [messageId],
      body: 'It is still broken.',
    });
    const [answer] = await eventually(
      () => replies(ordinary.id),
      (r) => r.length === 1,
      { what: 'the reply on the ordinary task' },
    );
    expect(answer).toMatchObject({ actor: sender, data: { text: 'It is still broken.' } });
    expect(JSON.stringify(await events(ordinary.id))).not.toContain(sensitive.reporter);
  });

  it('records the reporter answering in the thread of their own report, without letting them act', async () => {
    const { task: created, messageId } = await newTask(
      'Bench broken in the garden',
      'gardener@members.example',
    );
    reply({
      from: 'gardener@members.example',
      subject: 'Re: Bench broken in the garden',
      inReplyTo: messageId,
      references: [messageId],
      body: 'Done? It still wobbles.',
    });
    const [answer] = await eventually(
      () => replies(created.id),
      (r) => r.length === 1,
      { what: "the reporter's follow-up recorded" },
    );
    expect(answer).toMatchObject({ actor: 'gardener@members.example', data: { applied: false } });
    expect((await task(created.id)).status).toBe('pending');
  });
});
