import { PRIVACY_OFFICER } from '../auth-user';

/** Administrators and privacy officers must sign in with a second factor; members may. */
export function mfaRequired(user: { role: string; permissions: string[] | null }): boolean {
  return user.role === 'admin' || (user.permissions ?? []).includes(PRIVACY_OFFICER);
}
