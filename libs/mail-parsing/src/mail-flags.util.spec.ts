import fs from 'node:fs';
import path from 'node:path';

import { simpleParser } from 'mailparser';

import { type MailFlags, mailFlags } from './mail-flags.util';

const CORPUS = process.env.ORGO_TEST_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus/eml');

async function flagsOf(raw: string | Buffer): Promise<MailFlags> {
  const mail = await simpleParser(raw);
  return mailFlags({ headers: mail.headers, subject: mail.subject ?? '', sender: (mail.from?.value[0]?.address ?? '').toLowerCase() });
}

const none: MailFlags = { autoSubmitted: false, bulk: false, bounce: false, fromOrgo: false };
const message = (headers: string, body = 'Hello') => `${headers}\r\nTo: maintenance@northside.example\r\n\r\n${body}\r\n`;

describe('mailFlags on corpus messages', () => {
  it.each<[string, Partial<MailFlags>]>([
    ['ruby-mail/multipart_report_emails/report_422.eml', { bounce: true, autoSubmitted: true }],
    ['ruby-mail/multipart_report_emails/multi_address_bounce1.eml', { bounce: true, autoSubmitted: true }],
    ['mimekit/messages/delivery-status.txt', { bounce: true, bulk: true }],
    ['ruby-mail/multipart_report_emails/multipart_report_multiple_status.eml', { bounce: true }],
    ['mailparser/delivery-status.eml', { bounce: true }],
    ['mimekit/messages/disposition-notification.txt', { autoSubmitted: true }],
    ['mimekit/messages/feedback-report.txt', { autoSubmitted: true }],
    ['mailparser/large_text.eml', { bulk: true }],
    ['notmuch/duplicate/msg-1-1:2,', { bulk: true }],
    ['notmuch/indexing/PATCH-1-2-system_data_types.7-srcfix.txt:2,S', { bulk: true }],
    ['ruby-mail/attachment_emails/attachment_pdf.eml', {}],
    ['mailparser/nodemailer.eml', {}],
    ['spamscope-mail-parser/mail_test_12', {}],
  ])('%s → %j', async (file, expected) => {
    expect(await flagsOf(fs.readFileSync(path.join(CORPUS, file)))).toEqual({ ...none, ...expected });
  });
});

describe('mailFlags on headers', () => {
  it.each<[string, string, Partial<MailFlags>]>([
    ['Auto-Submitted: auto-replied', 'From: a@x.example\r\nSubject: Re: leak\r\nAuto-Submitted: auto-replied', { autoSubmitted: true }],
    ['Auto-Submitted: auto-generated', 'From: a@x.example\r\nSubject: Report\r\nAuto-Submitted: auto-generated', { autoSubmitted: true }],
    ['Auto-Submitted: no is a person', 'From: a@x.example\r\nSubject: Leak\r\nAuto-Submitted: no', {}],
    ['X-Autoreply', 'From: a@x.example\r\nSubject: Re: leak\r\nX-Autoreply: yes', { autoSubmitted: true }],
    ['X-Autorespond', 'From: a@x.example\r\nSubject: Re: leak\r\nX-Autorespond: Thanks', { autoSubmitted: true }],
    ['an Out of Office subject', 'From: a@x.example\r\nSubject: Out of Office: back Monday', { autoSubmitted: true }],
    ['an Automatic reply subject', 'From: a@x.example\r\nSubject: Automatic reply: Water leak', { autoSubmitted: true }],
    ['a subject that merely mentions the office', 'From: a@x.example\r\nSubject: The office is out of paper', {}],
    ['Precedence: bulk', 'From: news@x.example\r\nSubject: News\r\nPrecedence: bulk', { bulk: true }],
    ['Precedence: junk', 'From: news@x.example\r\nSubject: News\r\nPrecedence: junk', { bulk: true }],
    ['Precedence: list', 'From: a@x.example\r\nSubject: Post\r\nPrecedence: list', { bulk: true }],
    ['List-Unsubscribe', 'From: news@x.example\r\nSubject: Deals\r\nList-Unsubscribe: <mailto:unsub@x.example>', { bulk: true }],
    ['List-Id', 'From: a@x.example\r\nSubject: Post\r\nList-Id: <staff.x.example>', { bulk: true }],
    ['a MAILER-DAEMON sender', 'From: Mail Delivery System <MAILER-DAEMON@mx.x.example>\r\nSubject: Undelivered Mail', { bounce: true }],
    ['a postmaster sender', 'From: postmaster@x.example\r\nSubject: Delivery failure', { bounce: true }],
    ['X-Failed-Recipients', 'From: a@x.example\r\nSubject: Failure\r\nX-Failed-Recipients: b@y.example', { bounce: true }],
    ["Orgo's X-Orgo-Origin stamp", 'From: maintenance@northside.example\r\nSubject: [NS-1] Leak\r\nAuto-Submitted: auto-generated\r\nX-Orgo-Origin: notifier', { autoSubmitted: true, fromOrgo: true }],
    ["Orgo's task header alone", 'From: maintenance@northside.example\r\nSubject: [NS-1] Leak\r\nX-Orgo-Task: NS-1', { fromOrgo: true }],
    ['a person', 'From: Jane <jane@x.example>\r\nSubject: The tap in room 12 is leaking', {}],
  ])('%s', async (_what, headers, expected) => {
    expect(await flagsOf(message(headers))).toEqual({ ...none, ...expected });
  });
});
