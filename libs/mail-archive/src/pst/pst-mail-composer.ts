import { createHash } from 'node:crypto';

import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { PSTAttachment, PSTMessage } from 'pst-extractor';

/** MIME structure is rebuilt, so the original MIME headers of the transport headers are left out. */
const REBUILT_HEADERS = new Set(['content-type', 'content-transfer-encoding', 'mime-version', 'content-length', 'content-disposition', 'content-id']);
const ATTACH_BY_VALUE_CHUNK = 8176;
const ATTACH_EMBEDDED_MESSAGE = 5;
const RECIPIENT_KINDS: Record<number, 'to' | 'cc' | 'bcc'> = { 1: 'to', 2: 'cc', 3: 'bcc' };

/**
 * Rebuilds an RFC 822 message from an Outlook item: the transport headers the store kept (From,
 * To, Subject, Date, Message-ID, Received…) when it has them, else headers made from the item's
 * properties; the text and HTML bodies; the attachments, an attached Outlook message as
 * `message/rfc822`. The result is deterministic — same item, same bytes — so an item without a
 * Message-ID is still recognized when it is imported again.
 */
export async function composePstMessage(message: PSTMessage): Promise<Buffer> {
  const attachments = readAttachments(message);
  const identity = identityOf(message, attachments);
  const transport = parseTransportHeaders(message.transportMessageHeaders);
  const headers: Mail.Headers = transport.filter((h) => !REBUILT_HEADERS.has(h.key.toLowerCase()));
  const has = (key: string) => transport.some((h) => h.key.toLowerCase() === key);
  const options: Mail.Options = {
    headers,
    text: message.body || undefined,
    html: message.bodyHTML || undefined,
    attachments: await Promise.all(attachments.map(async ({ size: _size, ...a }) => ({ ...a, contentDisposition: 'attachment' as const, content: await a.content() }))),
    baseBoundary: identity.slice(0, 16),
  } as Mail.Options;
  if (!has('from')) options.from = addressOf(message.senderName, message.senderEmailAddress || message.sentRepresentingEmailAddress);
  if (!has('subject')) options.subject = message.subject;
  if (!has('to') && !has('cc')) Object.assign(options, recipientsOf(message));
  if (!has('date')) options.date = message.clientSubmitTime ?? message.messageDeliveryTime ?? message.creationTime ?? new Date(0);
  if (!has('message-id')) options.messageId = message.internetMessageId || `<${identity}@pst.orgo.invalid>`;
  if (!has('in-reply-to') && message.inReplyToId) options.inReplyTo = message.inReplyToId;
  return new MailComposer(options).compile().build();
}

interface PstAttachmentPart {
  filename: string;
  contentType?: string;
  cid?: string;
  size: number;
  content: () => Promise<Buffer>;
}

function readAttachments(message: PSTMessage): PstAttachmentPart[] {
  const parts: PstAttachmentPart[] = [];
  for (let i = 0; i < message.numberOfAttachments; i++) {
    const attachment = message.getAttachment(i);
    if (attachment.attachMethod === ATTACH_EMBEDDED_MESSAGE) {
      const embedded = embeddedMessageOf(message, attachment);
      if (!embedded) continue;
      const name = `${(embedded.subject || 'message').replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim() || 'message'}.eml`;
      parts.push({ filename: name, contentType: 'message/rfc822', size: attachment.size, content: () => composePstMessage(embedded) });
      continue;
    }
    const bytes = attachmentBytes(attachment);
    if (!bytes) continue;
    parts.push({
      filename: attachment.longFilename || attachment.filename || `attachment-${i + 1}`,
      contentType: attachment.mimeTag || undefined,
      cid: attachment.contentId || undefined,
      size: bytes.length,
      content: async () => bytes,
    });
  }
  return parts;
}

/**
 * pst-extractor 1.12 returns no embedded message when the attachment object has no descriptor node
 * of its own (it needs one only to label the message it builds); the parent message's is lent.
 */
function embeddedMessageOf(message: PSTMessage, attachment: PSTAttachment): PSTMessage | null {
  const node = attachment as unknown as { descriptorIndexNode?: unknown };
  node.descriptorIndexNode ??= (message as unknown as { descriptorIndexNode?: unknown }).descriptorIndexNode;
  return attachment.embeddedPSTMessage ?? null;
}

function attachmentBytes(attachment: PSTAttachment): Buffer | null {
  const stream = attachment.fileInputStream;
  if (!stream) return null;
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(ATTACH_BY_VALUE_CHUNK);
  let read: number;
  do {
    read = stream.read(buffer);
    if (read > 0) chunks.push(Buffer.from(buffer.subarray(0, read)));
  } while (read === ATTACH_BY_VALUE_CHUNK);
  return Buffer.concat(chunks);
}

/** A stable fingerprint of the item, for a Message-ID it lacks and for the MIME boundaries. */
function identityOf(message: PSTMessage, attachments: PstAttachmentPart[]): string {
  const hash = createHash('sha256');
  for (const part of [
    message.internetMessageId,
    message.transportMessageHeaders,
    message.subject,
    message.senderEmailAddress,
    message.clientSubmitTime?.toISOString() ?? '',
    message.messageDeliveryTime?.toISOString() ?? '',
    message.displayTo,
    message.body,
    message.bodyHTML,
    ...attachments.map((a) => `${a.filename}:${a.size}`),
  ]) {
    hash.update(String(part ?? '')).update('\u0000');
  }
  return hash.digest('hex').slice(0, 40);
}

function recipientsOf(message: PSTMessage): Partial<Record<'to' | 'cc' | 'bcc', Mail.Address[]>> {
  const lists: Partial<Record<'to' | 'cc' | 'bcc', Mail.Address[]>> = {};
  for (let i = 0; i < message.numberOfRecipients; i++) {
    const recipient = message.getRecipient(i);
    if (!recipient) continue;
    const kind = RECIPIENT_KINDS[recipient.recipientType] ?? 'to';
    const address = [recipient.smtpAddress, recipient.emailAddress].find((a) => a && a.includes('@'));
    if (!address) continue;
    (lists[kind] ??= []).push({ name: recipient.displayName || '', address });
  }
  return lists;
}

function addressOf(name: string, address: string): Mail.Address | string | undefined {
  if (address && address.includes('@')) return { name: name || '', address };
  return name ? { name, address: '' } : undefined;
}

/** `Key: value` fields of a header block, folded values kept as they are. */
export function parseTransportHeaders(block: string | undefined): { key: string; value: string; prepared: true }[] {
  if (!block) return [];
  const fields: { key: string; value: string; prepared: true }[] = [];
  for (const line of block.replace(/\r?\n/g, '\r\n').split('\r\n')) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && fields.length) {
      fields[fields.length - 1].value += `\r\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim(), prepared: true });
  }
  return fields;
}
