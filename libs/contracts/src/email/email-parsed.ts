/**
 * parser → rule-engine: a message was parsed and validated. Version 1.
 *
 * Fields marked "since 1.1" were added later; they are additive (a consumer that does not know them
 * keeps working) and may be missing from messages produced before, so read them as optional.
 */
export interface EmailAddressV1 {
  /** Lower-cased. */
  address: string;
  /** The display name (RFC 2047 decoded), empty when the header gave none. */
  name: string;
}

export interface EmailAttachmentV1 {
  /** Safe file name: no path separators, `..`, control or bidi characters; bounded length. */
  filename: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** sha256 of the decoded content, hex (since 1.1). */
  sha256?: string;
  /**
   * Where the bytes are: the MIME part number inside the raw message kept by the email-gateway
   * (`'2'`, `'1.2'`), null for a single-part message (since 1.1).
   */
  partId?: string | null;
  /** The name the sender gave, when it differs from `filename` (since 1.1). */
  originalFilename?: string | null;
  /** The type sniffed from the bytes (magic numbers), not the sender's `contentType` (since 1.2). */
  type?: string;
}

/** An attachment kept out of the task, with the reason (since 1.1). */
export interface EmailDroppedAttachmentV1 extends EmailAttachmentV1 {
  /** `ATTACHMENT.TYPE_NOT_ALLOWED` (a too large attachment quarantines the message: `EMAIL.ATTACHMENT_TOO_LARGE`). */
  reason: string;
  /** What happened and what to do, for a person. */
  message: string;
}

export interface EmailParsedV1 {
  emailId: string;
  mailbox: string;
  messageId: string | null;
  from: EmailAddressV1;
  /** To addresses, lower-cased (`toAddresses` has the display names). */
  to: string[];
  /** Cc addresses, lower-cased (`ccAddresses` has the display names). */
  cc: string[];
  /** Subject, RFC 2047 decoded, control characters removed. */
  subject: string;
  /** Plain-text body (HTML converted when the message has no text part). */
  text: string;
  date: string | null;
  inReplyTo: string | null;
  references: string[];
  keywords: string[];
  /** The attachments the task gets: allowed by type and size. */
  attachments: EmailAttachmentV1[];
  /** Auto-Submitted (other than `no`), X-Autoreply and the like: never answered automatically. */
  autoSubmitted: boolean;
  /** Precedence bulk / junk / list, List-Id, List-Unsubscribe: never answered automatically. */
  bulk: boolean;
  receivedAt: string;
  /** To with display names (since 1.1). */
  toAddresses?: EmailAddressV1[];
  /** Cc with display names (since 1.1). */
  ccAddresses?: EmailAddressV1[];
  /** Where answers should go, when the message says (since 1.1). */
  replyTo?: EmailAddressV1[];
  /** The HTML body, sanitized (no scripts, styles, event handlers or remote content); null without HTML (since 1.1). */
  html?: string | null;
  /** Attachments kept out of the task by type or size, each with its reason (since 1.1). */
  droppedAttachments?: EmailDroppedAttachmentV1[];
  /** A delivery failure report (multipart/report delivery-status, mailer-daemon, X-Failed-Recipients): never answered (since 1.1). */
  bounce?: boolean;
  /** Orgo's own mail (its `X-Orgo-Origin` stamp) come back: never answered (since 1.1). */
  fromOrgo?: boolean;
}
