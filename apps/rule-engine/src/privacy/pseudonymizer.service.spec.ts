import { randomBytes } from 'node:crypto';

import type { EmailParsedV1, TaskCreateCommandV1, TaskReplyCommandV1 } from '@orgo/contracts';
import { containsIdentity } from '@orgo/privacy';
import { KeyRing } from '@orgo/security';

import { PseudonymizerService } from './pseudonymizer.service';

const ring = new KeyRing([{ id: 'k1', key: randomBytes(32) }], randomBytes(32), [{ id: 'a1', key: randomBytes(32) }]);
const service = new PseudonymizerService(ring, () => new Date('2026-12-02T09:00:00Z'));
const who = { address: 'maria.lopez@mail.example', name: 'Maria Lopez', pseudonym: 'Anon-3' };
const email = { emailId: 'e1', from: { address: who.address, name: who.name }, subject: 'Harassment — Maria Lopez', text: '' } as unknown as EmailParsedV1;
const body = 'My supervisor shouted at me in the warehouse office on Monday.\nCall me at +1 (416) 555-0199.\n\nBest regards,\nMaria Lopez\nmaria.lopez@mail.example\n';
const command: TaskCreateCommandV1 = {
  emailId: 'e1',
  mailbox: 'report@harbor.example',
  messageId: 'm1@mail.example',
  title: email.subject,
  description: body,
  reporter: who.address,
  matchedRules: ['harassment'],
  action: { type: 'hr', sensitive: true },
  defaults: {},
  attachments: [{ filename: 'maria-lopez-statement.pdf', contentType: 'application/pdf', size: 10 }],
  receivedAt: '2026-12-02T09:00:00Z',
  acknowledgement: { send: true, template: 'acknowledgement' },
};
const reporter = { pseudonym: 'Anon-3', senderIndex: 'x', isNew: true };

describe('PseudonymizerService', () => {
  it('replaces the reporter, scrubs title, description and attachment names, and sends no receipt', () => {
    const protectedCommand = service.protectCommand(command, email, reporter);
    expect(protectedCommand.reporter).toBe('Anon-3');
    expect(protectedCommand.description).toContain('warehouse office on Monday');
    expect(containsIdentity(JSON.stringify(protectedCommand), who)).toEqual([]);
    expect(protectedCommand.acknowledgement).toMatchObject({ send: false, reason: expect.stringContaining('sensitive') });
    expect(protectedCommand.action.sensitive).toBe(true);
  });

  it('keeps the pseudonym on a reply and on its fallback', () => {
    const reply: TaskReplyCommandV1 = {
      emailId: 'e2', mailbox: command.mailbox, messageId: 'm2', from: who.address, subject: 'Re: Harassment — Maria Lopez', references: ['m1@mail.example'],
      subjectKey: null, text: 'It happened again. 416.555.0199', automatic: false, receivedAt: command.receivedAt, fallback: command,
    };
    const protectedReply = service.protectReply(reply, email, reporter);
    expect(protectedReply).toMatchObject({ from: 'Anon-3', fallback: { reporter: 'Anon-3' } });
    expect(protectedReply.text).toContain('It happened again');
    expect(containsIdentity(JSON.stringify(protectedReply), who)).toEqual([]);
  });

  it('finds a sender again by a keyed index, never by the address', () => {
    expect(service.senderIndex('harbor', email)).toBe(service.senderIndex('harbor', { ...email, from: { address: 'Maria.Lopez@MAIL.example', name: '' } } as EmailParsedV1));
    expect(service.senderIndex('harbor', email)).not.toContain('maria');
    expect(service.senderIndex('other', email)).not.toBe(service.senderIndex('harbor', email));
  });
});
