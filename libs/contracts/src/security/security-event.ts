/**
 * `security.*` events (api-gateway → audit-log, category security): sign-in, lockout, MFA, token
 * families and user permissions. Facts only: never a password, a one-time code, a recovery code or
 * a token (not even a hash of one).
 */
export interface SecurityEventV1 {
  /** Who did it: the signed-in user's email, the email tried at a sign-in, or `anonymous`. */
  actor: string;
  /** The acting user's id; null when the account is unknown or nobody is signed in. */
  actorId: string | null;
  /** The user acted upon when it is not the actor (an administrator changing someone's permissions). */
  subject?: { userId: string; email: string };
  /** The caller's address, as the API saw it. */
  ip: string | null;
  /** Why, in a stable word: `wrong_password`, `wrong_otp`, `otp_required`, `locked`, `reused_refresh_token`, … */
  reason?: string;
  /** The sign-in session (refresh token family) concerned, when there is one. */
  sessionId?: string;
  /** Other facts of the action (permission lists before and after, a lockout's delay). */
  details?: Record<string, unknown>;
}
