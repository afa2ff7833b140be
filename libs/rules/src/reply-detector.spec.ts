import type { EmailParsedV1 } from '@orgo/contracts';

import { detectReply, stripQuotedText } from './reply-detector';

const email = (o: Partial<EmailParsedV1>): EmailParsedV1 => ({
  emailId: 'e1',
  mailbox: 'maintenance@northside.example',
  messageId: 'm1@x.example',
  from: { address: 'bob@northside.example', name: 'Bob' },
  to: ['maintenance@northside.example'],
  cc: [],
  subject: 'Water leak',
  text: 'Hello',
  date: null,
  inReplyTo: null,
  references: [],
  keywords: [],
  attachments: [],
  autoSubmitted: false,
  bulk: false,
  receivedAt: '2026-11-24T09:00:00.000Z',
  ...o,
});

describe('detectReply', () => {
  it('is null for a new email: no references, no task key in the subject', () => {
    expect(detectReply(email({}), 'NS')).toBeNull();
  });

  it('orders In-Reply-To first, then References newest first, without duplicates', () => {
    const signals = detectReply(email({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] }), 'NS');
    expect(signals?.references).toEqual(['<c@x>', '<b@x>', '<a@x>']);
  });

  it("finds the organization's task key in the subject, not another organization's", () => {
    expect(detectReply(email({ subject: 'Re: [NS-42 · 1001.81.Ops.Maintenance] Water leak' }), 'NS')?.subjectKey).toBe('NS-42');
    expect(detectReply(email({ subject: 'Re: [RCC-42 · 1001.81.Ops] Water leak' }), 'NS')).toBeNull();
  });
});

describe('stripQuotedText', () => {
  it.each([
    ['Gmail style', 'On it, there in 10.\n\nOn Tue, Nov 24, 2026 at 9:00 AM Orgo <maintenance@northside.example> wrote:\n> [NS-1] Water leak\n> Please look.', 'On it, there in 10.'],
    ['a signature block', 'Done.\n\n-- \nBob Tremblay\nTechnician, Northside School\n+1 555 0101', 'Done.'],
    ['quoted lines only after the reply', 'Escalate please\n> previous text\n> more', 'Escalate please'],
    ['inline answers between quotes', '> Can you come today?\nYes, at noon.\n> And bring a ladder?\nDone.', 'Yes, at noon.\nDone.'],
    ['CRLF line ends', 'Fixed\r\n\r\nOn Mon, Nov 23, 2026 at 10:00 AM Jane <jane@northside.example> wrote:\r\n> hi', 'Fixed'],
  ])('strips %s', (_what, text, expected) => {
    expect(stripQuotedText(text)).toBe(expected);
  });
});
