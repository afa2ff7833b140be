/** The signed-in caller, from a verified access token. */
export interface AuthUser {
  id: string;
  email: string;
  role: 'admin' | 'member';
  /** Organizations the caller may see; null for all (administrators). */
  scope: string[] | null;
}

export interface TokenClaims {
  sub: string;
  email: string;
  role: 'admin' | 'member';
  orgs: string[];
  typ: 'access' | 'refresh';
}
