/** `rpc.audit.verify` (api-gateway → audit-log) and `orgo audit verify`: which chains to check. */
export interface AuditVerifyQueryV1 {
  /** Count only this organization's entries (every chain is still checked whole: ADR 0007). */
  organization?: string;
  /** Check only this category's chain. */
  category?: string;
}

/** What broke, as `orgo audit verify` names it. Persisted in reports and scripts: do not rename. */
export const AUDIT_BREAK_KINDS = ['edited', 'deleted', 'inserted', 'reordered', 'truncated', 'wrong-key'] as const;
export type AuditBreakKind = (typeof AUDIT_BREAK_KINDS)[number];

export interface AuditChainSummaryV1 {
  category: string;
  /** Entries in the chain (of the organization asked for, with `organization`). */
  entries: number;
  /** Entries whose content retention erased (their links stay). */
  erased: number;
  /** Unkeyed entries from before the chain was keyed, adopted by a signed checkpoint. */
  legacy: number;
  /** The newest seq, and the seq the oldest kept entry links to (0 until retention deleted some). */
  seq: number;
  anchor_seq: number;
  checkpoints: number;
}

export interface AuditVerifyResultV1 {
  ok: boolean;
  /** Entries checked (of the organization asked for, with `organization`). */
  checked: number;
  organization: string | null;
  categories: AuditChainSummaryV1[];
  /** The first break, null when the trail is whole. */
  broken: { category: string; seq: number | null; id: string | null; what: AuditBreakKind; problem: string } | null;
}

/** `rpc.audit.outcomes` (orgo import → audit-log): the outcome entries of emails, by correlation id. */
export interface AuditOutcomesQueryV1 {
  /** At most AUDIT_OUTCOMES_MAX ids. */
  correlationIds: string[];
}

export const AUDIT_OUTCOMES_MAX = 1_000;

/**
 * Per correlation id that has any, its outcome entries oldest first: task events, `email.rejected`
 * (with the parser's `reason`) and `email.ignored` (with the `rule`); nothing else of the trail.
 */
export interface AuditOutcomesResultV1 {
  outcomes: Record<string, { action: string; reason?: string; rule?: string }[]>;
}
