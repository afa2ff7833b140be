/**
 * api-gateway → parser (the parsed email) and api-gateway → email-gateway (its raw bytes):
 * `GET /api/v1/emails/{id}` and `GET /api/v1/emails/{id}/raw` (SPEC §7). Request/response names
 * are persisted names (RPC queues): see routing-keys.ts.
 */
export const EMAIL_READ_RPC = {
  /** parser: the parsed (or quarantined) email as a person may read it. */
  get: 'rpc.email.get',
  /** email-gateway: what it stored of the email (source, size), no bytes. */
  stored: 'rpc.email.stored',
  /** email-gateway: the raw RFC 822 bytes, audited (`security.email.raw_read`). */
  raw: 'rpc.email.raw',
} as const;

/** Who asks: an administrator sees the whole of their scope; a member as `viewerMayRead` says. */
export interface EmailReadViewerV1 {
  email: string;
  admin: boolean;
}

export interface EmailGetQueryV1 {
  id: string;
  /** Organizations the caller may see; null for all. */
  scope: string[] | null;
  viewer: EmailReadViewerV1;
  /**
   * The API found a task this email became that the viewer may see: a member may then read the
   * email whatever mailbox it came to. Otherwise a member reads only mail to the role addresses of
   * the roles they hold a position of (the quarantine's rule, SPEC §6).
   */
  viaTask: boolean;
  /**
   * The pseudonym of a sensitive task this email became, when the API knows one: the email is shown
   * under it even before the parser heard of the pseudonymization (`privacy.reporter.pseudonymized`).
   */
  pseudonym?: string | null;
}

export interface EmailAddressViewV1 {
  address: string;
  name: string | null;
}

/**
 * An email as `GET /api/v1/emails/{id}` shows it. For a sensitive report (`sensitive: true`) every
 * field is what a role holder may read: the pseudonym as `from`, subject and text scrubbed of
 * addresses, phone numbers, street addresses, names and the signature (`@orgo/privacy`), no HTML, no
 * Message-ID or thread references (they may name the reporter's mail server), recipients outside
 * the organization's role addresses withheld, attachments named `attachment-N.<ext>`.
 */
export interface EmailViewV1 {
  id: string;
  organization: string | null;
  mailbox: string;
  message_id: string | null;
  received_at: string | null;
  /** How the gateway received it (`imap`, `smtp`, `drop_folder`, `import`, `web_form`); null when unknown to the parser. */
  source: string | null;
  from: EmailAddressViewV1 | null;
  to: EmailAddressViewV1[];
  cc: EmailAddressViewV1[];
  subject: string | null;
  /** The Date header (ISO-8601) when readable. */
  date: string | null;
  /** The plain-text body as role holders see it; null for a quarantined email. */
  text: string | null;
  /** The sanitized HTML body; null without HTML, for a quarantined email, and for a sensitive report. */
  html_sanitized: string | null;
  attachments: { name: string; size: number; type: string }[];
  headers: { in_reply_to: string | null; references: string[]; auto_submitted: boolean };
  parse: { outcome: 'parsed' | 'quarantined'; reason: string | null; message: string | null };
  /** The sender is a sensitive reporter: shown by pseudonym, scrubbed. */
  sensitive: boolean;
  /** The tasks this email became that the caller may see (filled in by the API). */
  task_ids: string[];
}

export interface EmailStoredQueryV1 {
  id: string;
  scope: string[] | null;
}

/** What the email-gateway keeps of an email besides its bytes. */
export interface EmailStoredV1 {
  id: string;
  organization: string | null;
  mailbox: string;
  source: string;
  size: number;
  received_at: string;
}

export interface EmailRawQueryV1 {
  id: string;
  scope: string[] | null;
  /** Who reads (the audit's actor). */
  actor: { id: string; email: string };
  /** A sensitive report's raw message: the API let only a privacy officer through; audited as such. */
  sensitive: boolean;
  /** Why (required for a sensitive report, as for a reveal); kept in the security audit trail. */
  reason: string | null;
}

export interface EmailRawV1 {
  id: string;
  organization: string | null;
  size: number;
  /** The bytes exactly as received, base64. */
  rawBase64: string;
}

/**
 * `security.email.raw_read` (email-gateway → audit-log, category security): someone was handed the
 * raw bytes of an email. Facts only: who, which email, whether it was a sensitive report, why.
 */
export interface RawEmailReadV1 {
  emailId: string;
  actor: string;
  actorId: string;
  sensitive: boolean;
  reason: string | null;
}
