/** api-gateway → parser: the quarantine (messages kept with a reason instead of being parsed). */

/** Request/response names. Persisted names (RPC queues): see routing-keys.ts. */
export const QUARANTINE_RPC = {
  list: 'rpc.quarantine.list',
  replay: 'rpc.quarantine.replay',
} as const;

export interface QuarantinedEmailV1 {
  /** The email id (the gateway's id of the raw message). */
  id: string;
  /** Organization slug, null when the mailbox belongs to none. */
  organization: string | null;
  mailbox: string;
  message_id: string | null;
  /** Sender address when it could be read; the pseudonym (`Anon-7`) of a sensitive reporter. */
  sender: string | null;
  /** Null when unreadable; a placeholder for a sensitive reporter's mail (`(sensitive report)`). */
  subject: string | null;
  /** The sender is a sensitive reporter: known by a pseudonym, subject withheld (since 1.1). */
  pseudonymous?: boolean;
  /** Machine-readable reason, one of `EMAIL_REJECTION_REASONS`. */
  reason: string;
  /** What happened and what to do. */
  message: string;
  size: number;
  received_at: string;
  quarantined_at: string;
  /** How many replays were tried. */
  attempts: number;
  /** When a replay turned it into a parsed email; null while quarantined. */
  replayed_at: string | null;
}

/**
 * Who asks (since 1.1): an administrator sees the whole of their scope; a member only mail to the
 * role addresses of the roles they hold a position in (and, holding the triage position, mail to
 * the organization's other mailboxes). Missing: treated as a member holding no position.
 */
export interface QuarantineViewerV1 {
  email: string;
  admin: boolean;
}

export interface QuarantineListQueryV1 {
  organization?: string;
  reason?: string;
  /**
   * One exact sender address (found by its blind index, never by a pattern); a sensitive reporter
   * (pseudonymous sender) is never found by it.
   */
  sender?: string;
  /** `quarantined` (default): still held; `replayed`: released by a replay; `all`. */
  status?: 'quarantined' | 'replayed' | 'all';
  limit: number;
  offset: number;
  /** Organizations the caller may see; null for all (then mail of no organization is listed too). */
  scope: string[] | null;
  viewer: QuarantineViewerV1;
}

export interface QuarantineListResultV1 {
  items: QuarantinedEmailV1[];
  total: number;
  limit: number;
  offset: number;
}

export interface QuarantineReplayCommandV1 {
  id: string;
  /** Who asked (audited in the log). */
  actor: string;
  scope: string[] | null;
  /** Replaying is for administrators; a member is told NOT_FOUND for mail they may not see (since 1.1). */
  viewer: QuarantineViewerV1;
}

/**
 * The outcome of a replay: `parsed` (the email went on to the rules, once) or `quarantined` again
 * with the reason the current configuration still gives. Errors: `QUARANTINE.NOT_FOUND`,
 * `QUARANTINE.ALREADY_REPLAYED`, `QUARANTINE.NOT_REPLAYABLE`, `QUARANTINE.ADMIN_ONLY` (a member).
 */
export interface QuarantineReplayResultV1 {
  id: string;
  outcome: 'parsed' | 'quarantined';
  reason: string | null;
  message: string;
  item: QuarantinedEmailV1;
}
