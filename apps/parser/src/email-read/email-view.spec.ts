import type { EmailParsedV1 } from '@orgo/contracts';
import type { OrganizationModel } from '@orgo/domain';

import { pseudonymizeParsedEmail } from '../privacy/pseudonymize-parsed-email';
import { parsedView, sensitiveView } from './email-view';

const email: EmailParsedV1 = {
  emailId: '6f1d2c3e-0000-4000-8000-000000000001',
  mailbox: 'report@harbor.example',
  messageId: 'harassment@mail.example',
  from: { address: 'maria.lopez@mail.example', name: 'Maria Lopez' },
  to: ['report@harbor.example'],
  cc: ['friend@elsewhere.example'],
  toAddresses: [{ address: 'report@harbor.example', name: 'Reports' }],
  ccAddresses: [{ address: 'friend@elsewhere.example', name: 'A Friend' }],
  subject: 'Maria Lopez: harassment by my supervisor',
  text: 'It happened in the warehouse office.\n\nCall me at +1 (416) 555-0199.\nI live at 221 Baker Street, Toronto ON M5V 2T6.\n\nBest regards,\nMaria Lopez\nPayroll clerk',
  html: '<p>It happened in the warehouse office. Maria Lopez</p>',
  date: '2026-12-02T09:00:00.000Z',
  inReplyTo: 'earlier@mail.example',
  references: ['earlier@mail.example'],
  keywords: [],
  attachments: [{ filename: 'maria-lopez-notes.txt', contentType: 'text/plain', size: 12 }],
  autoSubmitted: false,
  bulk: false,
  receivedAt: '2026-12-02T09:00:01.000Z',
};
const row = { organization: 'harbor', mailbox: 'report@harbor.example', receivedAt: email.receivedAt };
const harbor = { slug: 'harbor', timezone: 'America/Toronto', roles: [{ id: 'HR.Policy', addresses: ['report@harbor.example'] }] } as unknown as OrganizationModel;

describe('email views', () => {
  it('shows an ordinary email as parsed, with its attachments and thread headers', () => {
    expect(parsedView(email, row)).toMatchObject({
      from: { address: 'maria.lopez@mail.example', name: 'Maria Lopez' },
      cc: [{ address: 'friend@elsewhere.example', name: 'A Friend' }],
      attachments: [{ name: 'maria-lopez-notes.txt', type: 'text/plain', size: 12 }],
      headers: { in_reply_to: 'earlier@mail.example', references: ['earlier@mail.example'], auto_submitted: false },
      parse: { outcome: 'parsed', reason: null, message: null },
      sensitive: false,
    });
  });

  it.each([
    ['the real sender (not rewritten yet)', email],
    ['the copy rewritten under the pseudonym', pseudonymizeParsedEmail(email, 'Anon-7')],
  ])('shows a sensitive report from %s by pseudonym, scrubbed, without HTML or thread ids', (_, copy) => {
    const view = sensitiveView(copy, row, 'Anon-7', harbor);
    const shown = JSON.stringify(view);
    for (const trace of ['maria', 'lopez', 'mail.example', '221 baker', 'elsewhere.example']) expect(shown.toLowerCase()).not.toContain(trace);
    expect(shown.replace(/\D/g, '')).not.toContain('4165550199');
    expect(view).toMatchObject({
      sensitive: true,
      from: { address: 'Anon-7', name: null },
      message_id: null,
      html_sanitized: null,
      headers: { in_reply_to: null, references: [] },
      to: [{ address: 'report@harbor.example', name: null }],
      cc: [{ address: '[email removed]', name: null }],
      attachments: [{ name: 'attachment-1.txt', type: 'text/plain', size: 12 }],
    });
    expect(view.text).toContain('It happened in the warehouse office.');
    expect(view.text).toContain('[phone removed]');
    expect(view.text).not.toContain('Payroll clerk');
  });
});
