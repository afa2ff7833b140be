import type { EmailParsedV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';

import { extractKeywords } from './keywords.util';

const PARSE_TIMEOUT_MS = 30_000;

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()).filter(Boolean));
}

function header(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in (value as object)) return String((value as { value: unknown }).value);
  return String(value);
}

function stripBrackets(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

/** Auto-Submitted (other than `no`), X-Autoreply / X-Autorespond, auto-reply subjects. */
function isAutoSubmitted(mail: ParsedMail): boolean {
  const auto = header(mail, 'auto-submitted').toLowerCase();
  if (auto && auto !== 'no') return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-autoreply-from')) return true;
  return /^(auto(matic)? ?reply|out of (the )?office)\b/i.test(mail.subject ?? '');
}

/** Precedence bulk / junk / list, or a List-Id header. */
function isBulk(mail: ParsedMail): boolean {
  const precedence = header(mail, 'precedence').toLowerCase();
  return ['bulk', 'junk', 'list'].includes(precedence) || mail.headers.has('list-id');
}

/**
 * Parses raw RFC 822 bytes with mailparser into the normalized email every later step reads.
 * Throws `OrgoError('EMAIL.UNPARSEABLE' | 'EMAIL.NO_SENDER')` for a message that cannot become one.
 */
export async function normalizeEmail(
  raw: Buffer,
  envelope: { emailId: string; mailbox: string; messageId: string | null; receivedAt: string },
): Promise<EmailParsedV1> {
  let timer: NodeJS.Timeout | undefined;
  let mail: ParsedMail;
  try {
    mail = await Promise.race([
      simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`parsing took longer than ${PARSE_TIMEOUT_MS / 1000} s`)), PARSE_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    throw new OrgoError('EMAIL.UNPARSEABLE', `The message could not be parsed: ${(error as Error).message}`, { retryable: false });
  } finally {
    clearTimeout(timer);
  }
  const from = mail.from?.value.find((v) => v.address);
  if (!from?.address) {
    throw new OrgoError('EMAIL.NO_SENDER', 'The message has no usable From address, so nobody could be answered', {
      retryable: false,
    });
  }
  const subject = (mail.subject ?? '').trim();
  const text = (mail.text ?? (typeof mail.html === 'string' ? mail.html.replace(/<[^>]+>/g, ' ') : '')).trim();
  const references = (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []).map(stripBrackets);
  return {
    emailId: envelope.emailId,
    mailbox: envelope.mailbox,
    messageId: mail.messageId ? stripBrackets(mail.messageId) : envelope.messageId,
    from: { address: from.address.toLowerCase(), name: from.name ?? '' },
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject,
    text,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    inReplyTo: mail.inReplyTo ? stripBrackets(mail.inReplyTo) : null,
    references,
    keywords: extractKeywords(subject, text),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType,
      size: a.size,
    })),
    autoSubmitted: isAutoSubmitted(mail),
    bulk: isBulk(mail),
    receivedAt: envelope.receivedAt,
  };
}
