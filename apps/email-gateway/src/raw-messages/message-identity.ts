import { createHash } from 'node:crypto';

/**
 * Reads the Message-ID of raw RFC 822 bytes without parsing the whole message (the parser does that
 * later): the header block ends at the first empty line; folded header lines are unfolded.
 */
export function readMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*(.*)$/im.exec(headers);
  if (!match) return null;
  const value = match[1].trim().replace(/^<|>$/g, '').trim();
  // A Message-ID with control characters (a NUL, which PostgreSQL cannot store) is not one a
  // well-behaved mailer wrote: such a message is deduplicated by its content instead.
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  return value.length > 0 && value.length <= 998 ? value : null;
}

/** The dedupe key of a message: its Message-ID, else a hash of its bytes. */
export function dedupeKeyOf(raw: Buffer, messageId: string | null): string {
  return messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}
