import type { EmailReceivedV1 } from '../email/email-received';

/**
 * `orgo import` and the web intake (api-gateway) → email-gateway: one message enters through the gateway's acceptance path
 * (raw store, dedupe by Message-ID else content hash, `email.received` through the outbox).
 * Request/response names are persisted names (RPC queues): see routing-keys.ts.
 */
export const EMAIL_IMPORT_RPC = {
  accept: 'rpc.email.accept',
} as const;

/** Version 1. */
export interface EmailAcceptRequestV1 {
  /** The raw RFC 822 bytes, base64. */
  rawBase64: string;
  /** The role address the message is imported into. */
  mailbox: string;
  /** `import` (`orgo import`) or `web_form` (the api-gateway's web intake); the gateway refuses others. */
  source: EmailReceivedV1['source'];
  /** The organization, when the importer chose it; else the one the address belongs to. */
  organization?: string | null;
}

/** Version 1. */
export interface EmailAcceptResultV1 {
  status: 'accepted' | 'duplicate';
  /** The gateway's id of the stored message (for a duplicate: of the copy accepted earlier). */
  emailId: string;
  /** When that stored message was accepted. */
  receivedAt: string;
}
