import type { AddressObject, HeaderValue } from 'mailparser';

/** One attachment as the worker reports it, with its decoded bytes (sniffed, and stored by content hash when kept). */
export interface MimeAttachment {
  filename: string | null;
  contentType: string;
  contentDisposition: string | null;
  size: number;
  sha256: string;
  /** IMAP-style part number inside the raw message; null for a single-part message. */
  partId: string | null;
  /** The decoded bytes; null when mailparser gave none. */
  content?: Uint8Array | null;
}

/** What mime-parse.worker.mjs returns for a message mailparser could read. */
export interface MimeMail {
  headers: Map<string, HeaderValue>;
  /** Lower-cased header names in the order they appear; empty when the message has no header section. */
  headerKeys: string[];
  /** The Date header as written (mailparser replaces an unreadable date by the current time). */
  dateHeader: string | null;
  subject: string | null;
  from: AddressObject | null;
  to: AddressObject | AddressObject[] | null;
  cc: AddressObject | AddressObject[] | null;
  replyTo: AddressObject | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | string[] | null;
  /** Plain text; mailparser converts HTML (html-to-text) when there is no text part. */
  text: string | null;
  textConversionError: string | null;
  /** Sanitized HTML, null when the message has none. */
  html: string | null;
  attachments: MimeAttachment[];
}

/** The worker never throws: a message it cannot read comes back as `ok: false` with mailparser's error. */
export type MimeParseOutcome = { ok: true; mail: MimeMail } | { ok: false; code: string | null; message: string };
