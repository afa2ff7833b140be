import { type Envelope, createEnvelope } from '@orgo/contracts';

import { auditCategory, auditDetails } from './audit-details';

const IDENTITY = ['maya.jones@members.example', 'Maya Jones', '+44 20 7946 0958', '12 Mill Lane', 'Harassment by my manager'];

function envelope(type: string, payload: Record<string, unknown>): Envelope {
  return createEnvelope(type, payload, { producer: 'parser', organizationId: 'northside' }) as Envelope;
}

/** No identity anywhere in what the audit keeps: the whole JSON, keys and values. */
function expectNoIdentity(details: unknown): void {
  const json = JSON.stringify(details);
  for (const value of IDENTITY) expect(json).not.toContain(value);
}

const parsed = {
  emailId: 'e-1',
  mailbox: 'hr@northside.example',
  messageId: 'msg-1@members.example',
  from: { address: IDENTITY[0], name: IDENTITY[1] },
  to: ['hr@northside.example', 'friend@members.example'],
  cc: ['maya.jones@members.example'],
  toAddresses: [{ address: 'hr@northside.example', name: 'HR' }],
  ccAddresses: [{ address: IDENTITY[0], name: IDENTITY[1] }],
  replyTo: [{ address: IDENTITY[0], name: IDENTITY[1] }],
  subject: IDENTITY[4],
  text: `Hello, ${IDENTITY[4]}.\n-- \n${IDENTITY[1]}\n${IDENTITY[2]}\n${IDENTITY[3]}`,
  html: `<p>${IDENTITY[1]}</p>`,
  date: '2026-11-24T09:00:00.000Z',
  inReplyTo: null,
  references: [],
  keywords: ['manager'],
  attachments: [{ filename: 'Maya Jones.pdf', contentType: 'application/pdf', size: 1200 }],
  droppedAttachments: [{ filename: 'x.exe', contentType: 'application/x', size: 10, reason: 'ATTACHMENT.TYPE_NOT_ALLOWED', message: 'Maya Jones sent x.exe' }],
  autoSubmitted: false,
  bulk: false,
  receivedAt: '2026-11-24T09:00:01.000Z',
};

describe('audit categories', () => {
  it.each([
    ['task.maintenance.created', 'task'],
    ['email.parsed', 'email'],
    ['security.identity.revealed', 'security'],
    ['security.login.failed', 'security'],
    ['privacy.reporter.pseudonymized', 'security'],
    ['system.started', 'system'],
    ['system.audit.retention', 'system'],
    ['command.task.create', 'workflow'],
    ['notification.sent', 'workflow'],
    ['rules.reloaded', 'workflow'],
  ])('%s is %s', (key, category) => expect(auditCategory(key)).toBe(category));
});

describe('audit details carry no identity', () => {
  it('email.parsed keeps ids, counts and flags; never addresses, names, subject, text or html', () => {
    const { emailId, details } = auditDetails(envelope('email.parsed', parsed));
    expect(emailId).toBe('e-1');
    expect(details).toEqual({
      emailId: 'e-1', mailbox: 'hr@northside.example', messageId: 'msg-1@members.example', date: parsed.date, receivedAt: parsed.receivedAt,
      autoSubmitted: false, bulk: false, toCount: 2, ccCount: 1, textLength: parsed.text.length, hasHtml: true, attachments: 1,
      attachmentBytes: 1200, droppedAttachments: ['ATTACHMENT.TYPE_NOT_ALLOWED'], reply: false, references: 0,
    });
    for (const key of ['from', 'to', 'cc', 'toAddresses', 'ccAddresses', 'replyTo', 'subject', 'text', 'html', 'headers']) expect(details).not.toHaveProperty(key);
    expectNoIdentity(details);
  });

  it('email.received keeps its size, never the raw bytes', () => {
    const raw = Buffer.from(`From: ${IDENTITY[1]} <${IDENTITY[0]}>\r\nSubject: ${IDENTITY[4]}\r\n\r\nhi`).toString('base64');
    const { details } = auditDetails(envelope('email.received', { emailId: 'e-1', mailbox: 'hr@northside.example', messageId: null, source: 'drop_folder', rawBase64: raw, receivedAt: 'x' }));
    expect(details).toMatchObject({ emailId: 'e-1', source: 'drop_folder', size: expect.any(Number) });
    expect(details).not.toHaveProperty('rawBase64');
    expectNoIdentity(details);
  });

  it('email.rejected keeps the reason code, not the message (a rate-limit message names the sender)', () => {
    const { details } = auditDetails(envelope('email.rejected', { emailId: 'e-1', mailbox: 'hr@northside.example', messageId: null, reason: 'EMAIL.RATE_LIMITED', message: `${IDENTITY[0]} sent more than 20 messages` }));
    expect(details).toEqual({ emailId: 'e-1', mailbox: 'hr@northside.example', messageId: null, reason: 'EMAIL.RATE_LIMITED' });
  });

  it('email.ignored keeps the rule, not the subject', () => {
    const { details } = auditDetails(envelope('email.ignored', { emailId: 'e-1', mailbox: 'hr@northside.example', messageId: null, rule: 'ignore-newsletters', subject: IDENTITY[4] }));
    expect(details).toEqual({ emailId: 'e-1', mailbox: 'hr@northside.example', messageId: null, rule: 'ignore-newsletters' });
  });

  const create = {
    emailId: 'e-1', mailbox: 'hr@northside.example', messageId: 'msg-1', title: IDENTITY[4], description: parsed.text, reporter: IDENTITY[0],
    matchedRules: ['harassment'], action: { type: 'hr', priority: 'high', sensitive: true, metadata: { sender: IDENTITY[1] } }, defaults: {},
    attachments: [{ filename: 'Maya Jones.pdf', contentType: 'application/pdf', size: 1 }], receivedAt: 'x', acknowledgement: null,
  };

  it('command.task.create leaves out reporter, title, description and the action metadata', () => {
    const { details } = auditDetails(envelope('command.task.create', create));
    expect(details).toEqual({ emailId: 'e-1', mailbox: 'hr@northside.example', messageId: 'msg-1', matchedRules: ['harassment'], receivedAt: 'x', acknowledgement: null, action: { type: 'hr', priority: 'high', sensitive: true }, attachments: 1 });
    expectNoIdentity(details);
  });

  it('command.task.reply leaves out from, subject, text and the fallback', () => {
    const reply = { emailId: 'e-2', mailbox: 'hr@northside.example', messageId: 'msg-2', from: IDENTITY[0], subject: `Re: ${IDENTITY[4]}`, references: ['msg-1'], subjectKey: 'NS-1', text: `thanks, ${IDENTITY[1]}`, automatic: false, receivedAt: 'y', fallback: create };
    const { details } = auditDetails(envelope('command.task.reply', reply));
    expect(details).toEqual({ emailId: 'e-2', mailbox: 'hr@northside.example', messageId: 'msg-2', subjectKey: 'NS-1', automatic: false, receivedAt: 'y', references: 1, matchedRules: ['harassment'] });
    expectNoIdentity(details);
  });

  it('privacy.reporter.pseudonymized keeps the email id and pseudonym, not the sender index', () => {
    const { details } = auditDetails(envelope('privacy.reporter.pseudonymized', { emailId: 'e-1', senderIndex: 'abc123', pseudonym: 'Anon-7' }));
    expect(details).toEqual({ emailId: 'e-1', pseudonym: 'Anon-7' });
  });

  it('an acknowledgement notification counts its recipient (the reporter) and masks addresses in errors', () => {
    const { details } = auditDetails(envelope('notification.failed', { notificationId: 'n-1', taskId: 't-1', taskKey: 'NS-1', purpose: 'acknowledgement', channel: 'email', recipients: [IDENTITY[0]], subject: `NS-1 ${IDENTITY[4]}`, file: null, error: `550 <${IDENTITY[0]}>: no such user` }));
    expect(details).toEqual({ notificationId: 'n-1', taskId: 't-1', taskKey: 'NS-1', purpose: 'acknowledgement', channel: 'email', file: null, recipientCount: 1, error: '550 <[address]>: no such user' });
  });

  it("a broadcast tier's delivery outcome keeps the same facts as any other", () => {
    const payload = { notificationId: 'n-2', taskId: 't-2', taskKey: 'NS-2', purpose: 'assigned', channel: 'email', recipients: ['lead@northside.example'], subject: `NS-2 ${IDENTITY[4]}`, file: null, error: null, position: '11.Ops', attempts: 1 };
    for (const type of ['notification.broadcast.sent', 'notification.broadcast.failed']) {
      const { details } = auditDetails(envelope(type, payload));
      expect(details).toEqual({ notificationId: 'n-2', taskId: 't-2', taskKey: 'NS-2', purpose: 'assigned', channel: 'email', file: null, position: '11.Ops', attempts: 1, recipients: ['lead@northside.example'], error: null });
      expect(auditCategory(type)).toBe('workflow');
    }
  });

  it("a sensitive task's reporter and reply text are never kept; another task's reporter is", () => {
    const task = { id: 't-1', key: 'NS-1', label: 'L', status: 'open', assignee: { position: 'hr' }, escalation: { level: 0 }, source: { email_id: 'e-1' }, reporter: 'Anon-7', sensitive: true };
    const event = { id: 'ev', type: 'reply_received', at: 'x', actor: 'Anon-7', data: { text: `from ${IDENTITY[1]}`, applied: true } };
    const sensitive = auditDetails(envelope('task.hr.reply_received', { task, event, previous: null, assigneeHolders: [], organizationName: 'N' }));
    expect(sensitive.details).toMatchObject({ reporter: null, data: { applied: true } });
    expectNoIdentity(sensitive.details);
    const open = auditDetails(envelope('task.hr.created', { task: { ...task, sensitive: false, reporter: 'maya@members.example' }, event, previous: null, assigneeHolders: [], organizationName: 'N' }));
    expect(open.details).toMatchObject({ reporter: 'maya@members.example' });
  });

  it('other messages drop free text and identity fields whatever they are called', () => {
    const { details } = auditDetails(envelope('security.identity.revealed', { taskId: 't-1', taskKey: 'NS-1', pseudonym: 'Anon-7', reason: 'court order', actor: 'officer@northside.example', actorId: 'u-1', address: IDENTITY[0], name: IDENTITY[1] }));
    expect(details).toEqual({ taskId: 't-1', taskKey: 'NS-1', pseudonym: 'Anon-7', reason: 'court order', actor: 'officer@northside.example', actorId: 'u-1' });
  });
});
