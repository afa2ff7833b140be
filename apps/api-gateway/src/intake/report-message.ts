import { randomBytes, randomUUID } from 'node:crypto';

import { ANONYMOUS_REPORTER_DOMAIN, WEB_FORM_HEADER } from '@orgo/contracts';
import { CROCKFORD_ALPHABET } from '@orgo/security';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

import type { IntakeUpload } from './intake-form';

/** Who the message says it is from: the reporter's contact, or an address that names nobody. */
export interface ReportSender {
  address: string;
  /** Display name; only an anonymous sender has one (`Anonymous reporter`). */
  name: string | null;
}

/** The domain of Orgo's Message-IDs for web reports. */
const MESSAGE_ID_DOMAIN = 'web-form.orgo.invalid';

/**
 * A From for one anonymous report: a random local part on a domain that can never be delivered
 * (RFC 2606 `.invalid`). One per report, so each anonymous report gets its own pseudonym, its
 * follow-ups share it, and two anonymous reports are never linked; nothing ties it to the reporter.
 */
export function anonymousSender(): ReportSender {
  const local = [...randomBytes(12)].map((b) => CROCKFORD_ALPHABET[b & 31].toLowerCase()).join('');
  return { address: `anonymous.${local}@${ANONYMOUS_REPORTER_DOMAIN}`, name: 'Anonymous reporter' };
}

export interface ReportMessageInput {
  from: ReportSender;
  to: string;
  subject: string;
  text: string;
  files: IntakeUpload[];
  date: Date;
  kind: 'report' | 'follow_up';
  /** A follow-up answers the report's Message-ID (with angle brackets). */
  inReplyTo?: string;
}

/**
 * The RFC 5322 message of a web report (MailComposer, nodemailer's): From, To, Subject, Date, a
 * fresh Message-ID, `X-Orgo-Intake`, the text and the files. Nothing else — no Received line, no
 * client address, no user agent: what the rules, the parser and the role holders see is what the
 * reporter typed and, for a named report, their contact.
 */
export async function buildReportMessage(input: ReportMessageInput): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = `<${randomUUID()}@${MESSAGE_ID_DOMAIN}>`;
  const options: Mail.Options = {
    from: input.from.name ? { name: input.from.name, address: input.from.address } : input.from.address,
    to: input.to,
    subject: input.subject,
    text: input.text,
    date: input.date,
    messageId,
    headers: { [WEB_FORM_HEADER]: input.kind },
    attachments: input.files.map((f) => ({ filename: f.originalname, content: f.buffer, contentType: f.mimetype || 'application/octet-stream', contentDisposition: 'attachment' as const })),
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo, references: [input.inReplyTo] } : {}),
  };
  const raw = await new MailComposer(options).compile().build();
  return { raw, messageId };
}
