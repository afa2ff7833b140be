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
  /** Sender address when it could be read. */
  sender: string | null;
  subject: string | null;
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

export interface QuarantineListQueryV1 {
  organization?: string;
  reason?: string;
  /** `quarantined` (default): still held; `replayed`: released by a replay; `all`. */
  status?: 'quarantined' | 'replayed' | 'all';
  limit: number;
  offset: number;
  /** Organizations the caller may see; null for all (then mail of no organization is listed too). */
  scope: string[] | null;
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
}

/**
 * The outcome of a replay: `parsed` (the email went on to the rules, once) or `quarantined` again
 * with the reason the current configuration still gives. Errors: `QUARANTINE.NOT_FOUND`,
 * `QUARANTINE.ALREADY_REPLAYED`.
 */
export interface QuarantineReplayResultV1 {
  id: string;
  outcome: 'parsed' | 'quarantined';
  reason: string | null;
  message: string;
  item: QuarantinedEmailV1;
}
