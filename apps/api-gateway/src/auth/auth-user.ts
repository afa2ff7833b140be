/** Permissions beyond the role (SPEC §1 "privacy officer / auditor"). */
export const PERMISSIONS = ['privacy_officer', 'raw_mail'] as const;

/** The permission that may reveal a sensitive reporter and read the audit trail (SPEC §1, §6); administrators do not have it by role. */
export const PRIVACY_OFFICER: (typeof PERMISSIONS)[number] = 'privacy_officer';
/**
 * The permission that may download an email's raw RFC 822 message (`GET /emails/{id}/raw`): full
 * headers, unsanitized HTML, attachment bytes. Nobody has it by role, administrators included; a
 * sensitive report's raw message needs privacy_officer instead (it names the reporter).
 */
export const RAW_MAIL: (typeof PERMISSIONS)[number] = 'raw_mail';
export type Permission = (typeof PERMISSIONS)[number];

/** The signed-in caller, from a verified access token and the user's current record. */
export interface AuthUser {
  id: string;
  email: string;
  role: 'admin' | 'member';
  /** Organizations the caller may see; null for all (administrators). */
  scope: string[] | null;
  /** Granted permissions, e.g. `privacy_officer` (read fresh from the user per request). */
  permissions: string[];
  /** The sign-in session (refresh token family) the access token belongs to. */
  sessionId?: string;
  /** When the access token expires (ms since the epoch): a long-lived stream ends then. */
  expiresAt?: number;
  /** Signed in with an enrolment token: only the MFA enrolment endpoints answer. */
  enrolmentOnly?: boolean;
}

export interface TokenClaims {
  sub: string;
  email: string;
  role: 'admin' | 'member';
  orgs: string[];
  typ: 'access' | 'refresh' | 'enrolment';
  /** The sign-in session (refresh token family). */
  sid?: string;
  /** A refresh token's own id. */
  jti?: string;
  /** Expiry (seconds since the epoch), set by the signer. */
  exp?: number;
}
