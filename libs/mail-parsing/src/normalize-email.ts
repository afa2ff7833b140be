import type { EmailAddressV1, EmailAttachmentV1, EmailDroppedAttachmentV1, EmailParsedV1, EmailReceivedV1 } from '@orgo/contracts';
import { OrgoError, SNIFFED_TYPES, sniffContentType } from '@orgo/domain';
import type { AddressObject, EmailAddress } from 'mailparser';

import { extractKeywords } from './keywords.util';
import { mailFlags } from './mail-flags.util';
import type { MimeAttachment, MimeMail } from './mime-parse-result';
import { fileExtension, safeFileName } from './safe-file-name.util';

/** What decides which attachments reach the task. */
export interface AttachmentPolicy {
  /** Extensions, lower case, no dot. */
  allowedTypes: readonly string[];
  maxBytes: number;
  /** Where the limits are set, for the messages (default: the parser's settings). */
  setIn?: string;
}

const PARSER_SETTINGS = 'config/services/parser/';

function humanBytes(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

/** Longest subject kept (characters). */
const MAX_SUBJECT = 998;
/** Longest Message-ID / reference kept (characters). */
const MAX_ID = 998;
/** At most this many references are kept (the most recent). */
const MAX_REFERENCES = 100;
/** At most this many recipients are kept per header. */
const MAX_RECIPIENTS = 500;

function flatten(value: EmailAddress[]): EmailAddress[] {
  return value.flatMap((v) => (v.group ? flatten(v.group) : [v]));
}

function clean(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Mailboxes of an address header, groups flattened, lower-cased, without duplicates. */
export function addressList(field: AddressObject | AddressObject[] | null | undefined): EmailAddressV1[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  const seen = new Set<string>();
  const out: EmailAddressV1[] = [];
  for (const entry of list.flatMap((a) => flatten(a.value ?? []))) {
    const address = clean(entry.address ?? '').toLowerCase();
    if (!address.includes('@') || seen.has(address) || address.length > 320) continue;
    seen.add(address);
    out.push({ address, name: clean(entry.name ?? '').slice(0, 200) });
    if (out.length >= MAX_RECIPIENTS) break;
  }
  return out;
}

function messageIdOf(value: string | null | undefined): string | null {
  const id = clean(value ?? '').replace(/^<|>$/g, '').trim();
  return id ? id.slice(0, MAX_ID) : null;
}

function referencesOf(value: string | string[] | null): string[] {
  const list = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(/\s+/));
  const ids = list.map(messageIdOf).filter((id): id is string => id !== null);
  return [...new Set(ids)].slice(-MAX_REFERENCES);
}

function dateOf(header: string | null): string | null {
  if (!header) return null;
  const time = Date.parse(header.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Splits the attachments into those the task gets and those kept out by type (with the reason);
 * each kept one has its type sniffed from its bytes. An allowed attachment over the size limit
 * throws OrgoError `EMAIL.ATTACHMENT_TOO_LARGE` naming the file, its size and the limit: the whole
 * message waits in quarantine (nothing lost; replayed once the limit is raised).
 */
export function sortAttachments(attachments: MimeAttachment[], policy: AttachmentPolicy): { kept: EmailAttachmentV1[]; dropped: EmailDroppedAttachmentV1[] } {
  const kept: EmailAttachmentV1[] = [];
  const dropped: EmailDroppedAttachmentV1[] = [];
  attachments.forEach((a, i) => {
    const filename = safeFileName(a.filename, i + 1, a.contentType);
    const attachment: EmailAttachmentV1 = {
      filename,
      contentType: a.contentType.slice(0, 255),
      size: a.size,
      sha256: a.sha256,
      partId: a.partId,
      originalFilename: a.filename && a.filename !== filename ? a.filename.slice(0, 500) : null,
      type: a.content ? sniffContentType(a.content) : SNIFFED_TYPES.unknown,
    };
    const setIn = policy.setIn ?? PARSER_SETTINGS;
    const extension = fileExtension(filename);
    if (!policy.allowedTypes.includes(extension)) {
      dropped.push({
        ...attachment,
        reason: 'ATTACHMENT.TYPE_NOT_ALLOWED',
        message: `${filename} (${a.contentType}) is not one of the allowed attachment types (${policy.allowedTypes.join(', ')}); it stays in the raw message. Add '${extension || 'its type'}' to allowed_attachment_types in ${setIn} to let such files through.`,
      });
    } else if (a.size > policy.maxBytes) {
      throw new OrgoError(
        'EMAIL.ATTACHMENT_TOO_LARGE',
        `The attachment ${filename} has ${a.size} bytes (${humanBytes(a.size)}), more than max_attachment_bytes (${policy.maxBytes} bytes, ${humanBytes(policy.maxBytes)}). The message is kept in quarantine: raise max_attachment_bytes in ${setIn} and replay it, or ask the sender for a smaller file.`,
        { retryable: false },
      );
    } else {
      kept.push(attachment);
    }
  });
  return { kept, dropped };
}

/**
 * Turns what mailparser read into the normalized email every later step reads (`email.parsed`).
 * Throws OrgoError `EMAIL.NO_HEADERS` (not a message), `EMAIL.NO_SENDER` (nobody to answer) or
 * `EMAIL.ATTACHMENT_TOO_LARGE` (`sortAttachments`).
 */
export function normalizeEmail(mail: MimeMail, received: Pick<EmailReceivedV1, 'emailId' | 'mailbox' | 'messageId' | 'receivedAt'>, policy: AttachmentPolicy): EmailParsedV1 {
  if (mail.headerKeys.length === 0) {
    throw new OrgoError('EMAIL.NO_HEADERS', 'The message has no header section (no From, To or Subject): it is not an email. Check what was put into the mailbox; nothing can be done with it.', { retryable: false });
  }
  const from = addressList(mail.from)[0] ?? addressList(mail.headers.get('sender') as AddressObject | undefined)[0];
  if (!from) {
    throw new OrgoError('EMAIL.NO_SENDER', 'The message has no usable From address, so nobody could be answered. If it matters, forward it to the role address from a real mailbox.', { retryable: false });
  }
  const subject = clean(mail.subject ?? '').slice(0, MAX_SUBJECT);
  const text = (mail.text ?? '').replace(/\u0000/g, '').trim();
  const to = addressList(mail.to);
  const cc = addressList(mail.cc);
  const { kept, dropped } = sortAttachments(mail.attachments, policy);
  const flags = mailFlags({ headers: mail.headers, subject, sender: from.address });
  return {
    emailId: received.emailId,
    mailbox: received.mailbox,
    messageId: messageIdOf(mail.messageId) ?? received.messageId,
    from,
    to: to.map((a) => a.address),
    cc: cc.map((a) => a.address),
    subject,
    text,
    date: dateOf(mail.dateHeader),
    inReplyTo: messageIdOf(mail.inReplyTo?.split(/\s+/)[0]),
    references: referencesOf(mail.references),
    keywords: extractKeywords(subject, text),
    attachments: kept,
    autoSubmitted: flags.autoSubmitted,
    bulk: flags.bulk,
    receivedAt: received.receivedAt,
    toAddresses: to,
    ccAddresses: cc,
    replyTo: addressList(mail.replyTo),
    html: mail.html,
    droppedAttachments: dropped,
    bounce: flags.bounce,
    fromOrgo: flags.fromOrgo,
  };
}
