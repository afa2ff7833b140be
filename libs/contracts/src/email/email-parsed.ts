/** parser → rule-engine: a message was parsed and validated. Version 1. */
export interface EmailAddressV1 {
  address: string;
  name: string;
}

export interface EmailAttachmentV1 {
  filename: string;
  contentType: string;
  size: number;
}

export interface EmailParsedV1 {
  emailId: string;
  mailbox: string;
  messageId: string | null;
  from: EmailAddressV1;
  to: string[];
  cc: string[];
  subject: string;
  /** Plain-text body (HTML converted when the message has no text part). */
  text: string;
  date: string | null;
  inReplyTo: string | null;
  references: string[];
  keywords: string[];
  attachments: EmailAttachmentV1[];
  /** Auto-Submitted, X-Autoreply and the like: never answered automatically. */
  autoSubmitted: boolean;
  /** Precedence bulk / junk / list. */
  bulk: boolean;
  receivedAt: string;
}
