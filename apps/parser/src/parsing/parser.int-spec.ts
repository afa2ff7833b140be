import fs from 'node:fs';
import path from 'node:path';

import type { EmailParsedV1, EmailRejectedV1 } from '@orgo/contracts';
import { MimeParser } from '@orgo/mail-parsing';
import { OutboxMessageEntity, envelopeFromRest } from '@orgo/messaging';

import { CORPUS_EML, type Outcome, ParserHarness } from './parser-test-harness';

const corpus = (file: string) => fs.readFileSync(path.join(CORPUS_EML, file));
/** The parsed email as it was stored (sealed), in clear. */
let parsedOf: (outcome: Outcome) => EmailParsedV1;
const reasonOf = (outcome: Outcome) => (outcome.outcome === 'quarantined' ? outcome.row.reason : 'parsed');

/**
 * The parser service with its real parts (mailparser in worker threads, SQLite): what a parsed
 * email carries, and each way a message ends in quarantine — in the same transaction, with a reason,
 * its raw bytes kept, `email.rejected` in the outbox — without stopping the next message.
 */
describe('ParserService', () => {
  let harness: ParserHarness;

  beforeAll(async () => {
    harness = await ParserHarness.open({ parseTimeoutMs: 2000 });
    parsedOf = (outcome) => {
      if (outcome.outcome !== 'parsed') throw new Error(`expected a parsed email, got ${outcome.row.reason}: ${harness.unsealed(outcome.row.message)}`);
      return JSON.parse(harness.unsealed(outcome.email.parsed) ?? '') as EmailParsedV1;
    };
  });

  afterAll(() => harness?.close());

  it('parses addresses, subject, text, sanitized HTML, thread references and attachments; drops disallowed attachments with a reason', async () => {
    const email = parsedOf(await harness.receive(corpus('mailparser/nodemailer.eml'), 'nodemailer'));
    expect(email.from).toEqual({ address: 'andris@kreata.ee', name: 'Andris Kreata' });
    expect(email.toAddresses).toEqual([
      { address: 'andris+123@kreata.ee', name: 'Andris Reinman' },
      { address: 'andris.reinman@gmail.com', name: '' },
    ]);
    expect(email.to).toEqual(['andris+123@kreata.ee', 'andris.reinman@gmail.com']);
    expect(email.text).toContain('Hello to myself!');
    expect(email.html).toContain('<b>Hello</b> to myself');
    expect(email.html).not.toMatch(/<img|<script|<style|\son\w+=/i);
    expect(email.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['image.png', 'image/png'],
      ['notes.txt', 'text/plain'],
    ]);
    expect(email.attachments.every((a) => /^[0-9a-f]{64}$/.test(a.sha256 ?? '') && a.partId)).toBe(true);
    expect(email.attachments.map((a) => a.type)).toEqual(['image/png', 'text/plain']);
    expect(email.droppedAttachments?.map((a) => [a.filename, a.reason])).toEqual([
      ['attachment-1.bin', 'ATTACHMENT.TYPE_NOT_ALLOWED'],
      ['nyan cat ✔.gif', 'ATTACHMENT.TYPE_NOT_ALLOWED'],
    ]);
    expect(email.droppedAttachments?.[1].message).toMatch(/allowed_attachment_types/);
    expect(email).toMatchObject({ autoSubmitted: false, bulk: false, bounce: false, fromOrgo: false });
  });

  it('keeps the thread references and flags of a bounce', async () => {
    const email = parsedOf(await harness.receive(corpus('ruby-mail/multipart_report_emails/report_530.eml'), 'bounce-530'));
    expect(email.bounce).toBe(true);
    const reply = parsedOf(await harness.receive(corpus('notmuch/duplicate/msg-1-1:2,'), 'list-post'));
    expect(reply.bulk).toBe(true);
    expect(reply.messageId).not.toMatch(/[<>]/);
    expect(reply.references.every((r) => !/[<>\s]/.test(r))).toBe(true);
  });

  it('quarantines a message with an attachment over max_attachment_bytes, naming the file, its size and the limit', async () => {
    const email = parsedOf(await harness.receive(corpus('ruby-mail/attachment_emails/attachment_pdf.eml'), 'pdf'));
    expect(email.attachments.map((a) => [a.filename, a.size])).toEqual([['broken.pdf', 1026]]);
    const strict = await ParserHarness.open({ maxAttachmentBytes: 1000 });
    try {
      const limited = await strict.receive(corpus('ruby-mail/attachment_emails/attachment_pdf.eml'), 'pdf-too-large');
      expect(reasonOf(limited)).toBe('EMAIL.ATTACHMENT_TOO_LARGE');
      if (limited.outcome !== 'quarantined') throw new Error('expected quarantine');
      expect(strict.unsealed(limited.row.message)).toMatch(/broken\.pdf has 1026 bytes .*max_attachment_bytes \(1000 bytes/);
      expect(limited.row.rawBase64).toBeTruthy();
    } finally {
      await strict.close();
    }
  });

  it('sanitizes hostile HTML and converts an HTML-only message to text', async () => {
    const raw = Buffer.from(
      [
        'From: Jane <jane@example.org>',
        'To: maintenance@northside.example',
        'Subject: =?UTF-8?Q?Fuite_d=E2=80=99eau?=',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><style>p{}</style><script>alert(1)</script></head><body onload="x()">',
        '<p onclick="steal()">Water <b>everywhere</b> in room 12</p><img src="https://tracker.example/p.gif">',
        '<a href="javascript:alert(1)">click</a> <a href="https://northside.example/map">map</a></body></html>',
      ].join('\r\n'),
    );
    const email = parsedOf(await harness.receive(raw, 'hostile-html'));
    expect(email.subject).toBe('Fuite d’eau');
    expect(email.text).toContain('Water everywhere in room 12');
    expect(email.html).toContain('<b>everywhere</b>');
    expect(email.html).not.toMatch(/script|onload|onclick|<img|<style|javascript:/i);
    expect(email.html).toContain('href="https://northside.example/map"');
  });

  it('quarantines a message over max_message_bytes without parsing it, raw bytes kept, email.rejected in the outbox', async () => {
    const small = await ParserHarness.open({ maxMessageBytes: 100_000 });
    try {
      const raw = corpus('mailparser/large_text.eml');
      const outcome = await small.receive(raw, 'too-large');
      expect(reasonOf(outcome)).toBe('EMAIL.TOO_LARGE');
      if (outcome.outcome !== 'quarantined') return;
      expect(small.unsealed(outcome.row.message)).toMatch(/max_message_bytes/);
      expect(outcome.row.rawBase64).toMatch(/^enc:v1:/);
      expect(Buffer.from(small.unsealed(outcome.row.rawBase64) ?? '', 'base64').equals(raw)).toBe(true);
      const outbox = await small.tx.read((m) => m.find(OutboxMessageEntity, { where: { routingKey: 'email.rejected' } }));
      expect(outbox.map((o) => (envelopeFromRest(small.dataSource, o.envelope).payload as EmailRejectedV1).reason)).toEqual(['EMAIL.TOO_LARGE']);
    } finally {
      await small.close();
    }
  });

  it('quarantines mail for a mailbox of no organization', async () => {
    expect(reasonOf(await harness.receive(corpus('mailparser/nodemailer.eml'), 'no-org', { organization: null }))).toBe('EMAIL.UNKNOWN_MAILBOX');
  });

  it('stops a message on which mailparser never finishes (EMAIL.PARSE_TIMEOUT) and parses the next one', async () => {
    // notmuch/broken/empty-part without its first boundary line: mailparser's promise never settles.
    const original = corpus('notmuch/broken/empty-part').toString('latin1');
    const boundary = original.split('\n').find((l) => l.startsWith('--')) ?? '';
    const stuck = Buffer.from(original.replace(`${boundary}\n`, '\n'), 'latin1');
    const outcome = await harness.receive(stuck, 'stuck');
    expect(reasonOf(outcome)).toBe('EMAIL.PARSE_TIMEOUT');
    expect(parsedOf(await harness.receive(corpus('ruby-mail/attachment_emails/attachment_pdf.eml'), 'after-stuck')).subject).toBeTruthy();
  });

  it('reads a 28 KB boundary and a 135 KB To header of encoded words without stalling', async () => {
    expect(reasonOf(await harness.receive(corpus('mime4j-testmsgs/very-very-long-boundary.msg'), 'long-boundary'))).toBe('EMAIL.NO_SENDER');
    const email = parsedOf(await harness.receive(corpus('mimekit/messages/stack-overflow.txt'), 'long-to'));
    expect(email.from.address).toBe('test@test.com');
    expect(email.to).toContain('test@test.com');
  });

  it('quarantines rather than fails when the parsing code itself throws', async () => {
    const broken = await ParserHarness.open();
    try {
      jest.spyOn(MimeParser.prototype, 'parse').mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'value')"));
      const outcome = await broken.receive(corpus('mailparser/nodemailer.eml'), 'bug');
      expect(reasonOf(outcome)).toBe('EMAIL.UNPARSEABLE');
      expect(broken.logLines.join('')).toContain('parsing failed unexpectedly');
    } finally {
      jest.restoreAllMocks();
      await broken.close();
    }
  });

  it('handles a redelivered message once', async () => {
    const first = await harness.receive(corpus('ruby-mail/attachment_emails/attachment_pdf.eml'), 'twice');
    const again = await harness.receive(corpus('ruby-mail/attachment_emails/attachment_pdf.eml'), 'twice');
    expect(again).toEqual(first);
    const parsed = await harness.tx.read((m) => m.count(OutboxMessageEntity, { where: { routingKey: 'email.parsed' } }));
    const ids = await harness.tx.read((m) => m.find(OutboxMessageEntity, { where: { routingKey: 'email.parsed' } }));
    expect(ids.filter((o) => (envelopeFromRest(harness.dataSource, o.envelope).payload as { emailId: string }).emailId === 'twice')).toHaveLength(1);
    expect(parsed).toBeGreaterThan(0);
  });
});
