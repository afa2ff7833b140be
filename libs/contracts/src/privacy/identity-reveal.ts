/**
 * `rpc.privacy.reveal` (api-gateway → rule-engine): a privacy officer asks who is behind a pseudonym,
 * with a mandatory reason. The rule-engine answers the identity and records a `security.identity.revealed`
 * audit event (who, when, why, which pseudonym and task — never the identity itself).
 */
export interface IdentityRevealRequestV1 {
  organization: string;
  pseudonym: string;
  taskId: string;
  taskKey: string;
  /** The email the task came from: its original (unscrubbed) text is revealed too. */
  emailId: string | null;
  reason: string;
  /** Who asks (user id and email), for the audit entry. */
  actor: { id: string; email: string };
}

export interface IdentityRevealResponseV1 {
  pseudonym: string;
  address: string;
  name: string | null;
  /** The original body of the email, before scrubbing; null when none is kept. */
  original_text: string | null;
  revealed_at: string;
}

/** `security.identity.revealed`: the audit record of a reveal (category security). */
export interface IdentityRevealedV1 {
  taskId: string;
  taskKey: string;
  pseudonym: string;
  reason: string;
  actor: string;
  actorId: string;
}
