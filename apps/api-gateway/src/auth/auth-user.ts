/** The signed-in caller, from a verified access token. */
export interface AuthUser {
  id: string;
  email: string;
  role: 'admin' | 'member';
  /** Organizations the caller may see; null for all (administrators). */
  scope: string[] | null;
  /** When the access token expires (ms since the epoch): a long-lived stream ends then. */
  expiresAt?: number;
}

export interface TokenClaims {
  sub: string;
  email: string;
  role: 'admin' | 'member';
  orgs: string[];
  typ: 'access' | 'refresh';
  /** Expiry (seconds since the epoch), set by the signer. */
  exp?: number;
}
