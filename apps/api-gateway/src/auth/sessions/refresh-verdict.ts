/** What presenting a refresh token means, from its row and its session's. */
export type RefreshVerdict = 'rotate' | 'reused' | 'session_ended' | 'unknown' | 'expired';

export interface RefreshState {
  token: { sessionId: string; expiresAt: string; retiredAt: string | null } | null;
  session: { id: string; revokedAt: string | null; expiresAt: string } | null;
}

/**
 * Rotation with reuse detection: a live token of a live session is exchanged (and retired); a token
 * that was retired already is a reuse (someone holds a copy: the whole family is revoked); a token
 * of a revoked session, an unknown or an expired one is refused.
 */
export function refreshVerdict({ token, session }: RefreshState, now: Date): RefreshVerdict {
  if (!token || !session || session.id !== token.sessionId) return 'unknown';
  if (session.revokedAt) return 'session_ended';
  if (token.retiredAt) return 'reused';
  if (Date.parse(token.expiresAt) <= now.getTime() || Date.parse(session.expiresAt) <= now.getTime()) return 'expired';
  return 'rotate';
}
