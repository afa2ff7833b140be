import { simpleParser } from 'mailparser';

import { anonymousSender, buildReportMessage } from './report-message';

describe('buildReportMessage', () => {
  it('builds a message to the role address that carries only what the reporter typed', async () => {
    const { raw, messageId } = await buildReportMessage({
      from: anonymousSender(),
      to: 'report@harbor.example',
      subject: 'Harassment in the loading bay',
      text: 'It happened twice this week.',
      files: [{ originalname: 'photo.png', mimetype: 'image/png', size: 3, buffer: Buffer.from('png') }],
      date: new Date('2026-12-03T09:00:00Z'),
      kind: 'report',
    });
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe(messageId);
    expect(mail.from?.value[0].address).toMatch(/^anonymous\.[0-9a-z]{12}@anonymous\.invalid$/);
    expect(mail.from?.value[0].name).toBe('Anonymous reporter');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : null).toBe('report@harbor.example');
    expect(mail.subject).toBe('Harassment in the loading bay');
    expect(mail.text?.trim()).toBe('It happened twice this week.');
    expect(mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['photo.png', 'png']]);
    expect(mail.headers.get('x-orgo-intake')).toBe('report');
    expect([...mail.headers.keys()].filter((k) => /received|x-mailer|user-agent|x-originating/i.test(k))).toEqual([]);
  });

  it('answers the report in a follow-up, and gives each anonymous report its own sender', async () => {
    const { raw } = await buildReportMessage({ from: { address: 'sam@mail.example', name: null }, to: 'a@b.example', subject: 'Re: x', text: 'more', files: [], date: new Date(), kind: 'follow_up', inReplyTo: '<r1@web-form.orgo.invalid>' });
    const mail = await simpleParser(raw);
    expect(mail.inReplyTo).toBe('<r1@web-form.orgo.invalid>');
    expect(mail.references).toBe('<r1@web-form.orgo.invalid>');
    expect(mail.from?.text).toBe('sam@mail.example');
    expect(anonymousSender().address).not.toBe(anonymousSender().address);
  });
});
