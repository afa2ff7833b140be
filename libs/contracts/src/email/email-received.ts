/** email-gateway → parser: a raw message was accepted and stored. Version 1. */
export interface EmailReceivedV1 {
  /** The gateway's id of the stored raw message. */
  emailId: string;
  /** The role address the message arrived on (lower-cased). */
  mailbox: string;
  /** Message-ID header without angle brackets, or null when the message has none. */
  messageId: string | null;
  /** How the message arrived; `web_form`: built by the api-gateway from a web intake report (since version 1, additive). */
  source: 'drop_folder' | 'imap' | 'smtp' | 'import' | 'web_form';
  /** The raw RFC 822 bytes, base64. */
  rawBase64: string;
  receivedAt: string;
}
