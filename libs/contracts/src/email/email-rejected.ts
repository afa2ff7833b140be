/** parser → audit (and quarantine views): a message could not be parsed or validated. Version 1. */
export interface EmailRejectedV1 {
  emailId: string;
  mailbox: string;
  messageId: string | null;
  /** Machine-readable reason: one of `EMAIL_REJECTION_REASONS`. */
  reason: string;
  /** What happened and what to do, for a person. */
  message: string;
}

/**
 * Why the parser quarantines a message. Persisted: quarantine rows, audit entries and API filters
 * carry these codes.
 */
export const EMAIL_REJECTION_REASONS = [
  /** No organization has a role with the mailbox's address. */
  'EMAIL.UNKNOWN_MAILBOX',
  /** Larger than the parser's `max_message_bytes`. */
  'EMAIL.TOO_LARGE',
  /** Not a message at all: no header section. */
  'EMAIL.NO_HEADERS',
  /** No usable From (or Sender) address. */
  'EMAIL.NO_SENDER',
  /** The MIME structure could not be read. */
  'EMAIL.UNPARSEABLE',
  /** Too many parts, too large a header block, or more memory than parsing may use. */
  'EMAIL.TOO_COMPLEX',
  /** Parsing took longer than the parser's `parse_timeout`. */
  'EMAIL.PARSE_TIMEOUT',
  /** The sender is on the organization's `intake.block` list. */
  'EMAIL.BLOCKED_SENDER',
  /** The sender sent more than the parser's `rate_limit` allows. */
  'EMAIL.RATE_LIMITED',
  /** An attachment is larger than the organization's (or the parser's) `max_attachment_bytes`: the message waits in quarantine. */
  'EMAIL.ATTACHMENT_TOO_LARGE',
] as const;
export type EmailRejectionReason = (typeof EMAIL_REJECTION_REASONS)[number];
