import type { EmailParsedV1 } from '@orgo/contracts';

import { pseudonymizeParsedEmail } from './pseudonymize-parsed-email';

const email = {
  emailId: 'e1',
  mailbox: 'hr@northside.example',
  messageId: 'm1@example.org',
  from: { address: 'maria.lopez@example.org', name: 'Maria Lopez' },
  replyTo: [{ address: 'm.lopez@home.example', name: 'M. Lopez' }],
  to: ['hr@northside.example'],
  toAddresses: [{ address: 'hr@northside.example', name: 'HR' }],
  cc: [],
  subject: 'Maria Lopez: harassment in the staff room',
  text: 'It happened again.\n\nMaria\nmaria.lopez@example.org\n+1 (555) 010-4477',
  html: '<p>It happened again.</p><p>Maria LOPEZ</p>',
  date: null,
  inReplyTo: null,
  references: [],
  keywords: [],
  attachments: [],
  autoSubmitted: false,
  bulk: false,
  receivedAt: '2026-11-23T09:00:00.000Z',
} as EmailParsedV1;

describe('pseudonymizeParsedEmail', () => {
  const rewritten = pseudonymizeParsedEmail(email, 'Anon-7');

  it('puts the pseudonym in place of the sender and Reply-To, without a display name', () => {
    expect(rewritten.from).toEqual({ address: 'Anon-7', name: '' });
    expect(rewritten.replyTo).toEqual([{ address: 'Anon-7', name: '' }]);
  });

  it('replaces the address, the name and its words wherever the subject, text or HTML repeat them', () => {
    const all = JSON.stringify(rewritten);
    for (const identity of ['maria', 'lopez', 'home.example']) expect(all.toLowerCase()).not.toContain(identity);
    expect(rewritten.subject).toBe('Anon-7: harassment in the staff room');
    expect(rewritten.text).toContain('It happened again.');
  });

  it('keeps the rest: recipients, ids, times', () => {
    expect(rewritten).toMatchObject({ emailId: 'e1', mailbox: 'hr@northside.example', to: ['hr@northside.example'], toAddresses: email.toAddresses, receivedAt: email.receivedAt });
  });

  it('leaves an email without Reply-To or HTML without them', () => {
    const bare = pseudonymizeParsedEmail({ ...email, replyTo: undefined, html: undefined }, 'Anon-7');
    expect(bare).not.toHaveProperty('replyTo', expect.anything());
    expect(bare.html).toBeUndefined();
  });
});
