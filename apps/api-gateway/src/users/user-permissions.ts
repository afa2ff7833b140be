import { PRIVACY_OFFICER } from '../auth/auth-user';
import type { UserEntity } from './user.entity';

/** The permissions a create or update body asks for: `permissions`, else `privacy_officer` on top of the current ones. */
export function requestedPermissions(body: { permissions?: string[]; privacy_officer?: boolean }, current: string[] = []): string[] {
  if (body.permissions) return [...new Set(body.permissions)].sort();
  if (body.privacy_officer === undefined) return [...current].sort();
  const others = current.filter((p) => p !== PRIVACY_OFFICER);
  return (body.privacy_officer ? [...others, PRIVACY_OFFICER] : others).sort();
}

/** A user as the API shows it: never a hash, a secret or a recovery code. */
export function userView(user: UserEntity) {
  const permissions = user.permissions ?? [];
  return {
    id: user.id,
    email: user.email,
    role: user.role as 'admin' | 'member',
    organizations: user.organizations,
    permissions,
    privacy_officer: permissions.includes(PRIVACY_OFFICER),
    disabled: !!user.disabled,
    mfa_enabled: !!user.mfaSecret,
    mfa_required: user.role === 'admin' || permissions.includes(PRIVACY_OFFICER),
  };
}
