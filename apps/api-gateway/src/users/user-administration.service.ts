import { Injectable } from '@nestjs/common';
import { OrgoError } from '@orgo/domain';

import type { AuthUser } from '../auth/auth-user';
import { mfaRequired } from '../auth/mfa/mfa-requirement';
import { SecurityEvents } from '../auth/security-events';
import { SignInSessionsService } from '../auth/sessions/sign-in-sessions.service';
import { requestedPermissions } from './user-permissions';
import { UserEntity } from './user.entity';
import { type NewUser, UsersService } from './users.service';

export interface UserChanges {
  disabled?: boolean;
  role?: 'admin' | 'member';
  organizations?: string[];
  permissions?: string[];
  privacy_officer?: boolean;
}

/** What administrators do to users: add, change (role, organizations, permissions, disabled), delete; each audited. */
@Injectable()
export class UserAdministration {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SignInSessionsService,
    private readonly events: SecurityEvents,
  ) {}

  async create(input: NewUser, admin: AuthUser, ip: string | null): Promise<UserEntity> {
    if (await this.users.findByEmail(input.email)) throw new OrgoError('USER.EXISTS', `A user ${input.email.toLowerCase()} exists`, { email: input.email.toLowerCase() });
    return this.events.transaction(async (m, emit) => {
      const user = await this.users.create(input, m);
      await emit('security.user.created', { actor: admin.email, actorId: admin.id, ip, subject: { userId: user.id, email: user.email }, details: { role: user.role, permissions: user.permissions } });
      return user;
    });
  }

  async update(id: string, changes: UserChanges, admin: AuthUser, ip: string | null): Promise<UserEntity> {
    return this.events.transaction(async (m, emit) => {
      const user = await m.findOne(UserEntity, { where: { id } });
      if (!user) throw new OrgoError('USER.NOT_FOUND', `No user ${id}: list them with GET /api/v1/users`);
      if (user.id === admin.id && (changes.disabled || changes.role === 'member')) {
        throw new OrgoError('USER.SELF', 'You cannot disable yourself or take away your own administrator role: ask another administrator');
      }
      const next: UserEntity = {
        ...user,
        disabled: changes.disabled ?? user.disabled,
        role: changes.role ?? user.role,
        organizations: changes.organizations ?? user.organizations,
        permissions: requestedPermissions(changes, user.permissions ?? []),
      };
      // A reveal needs a second person: nobody grants themselves the privacy officer's permission.
      if (user.id === admin.id && next.permissions.join() !== [...(user.permissions ?? [])].sort().join()) {
        throw new OrgoError('USER.SELF', 'You cannot change your own permissions: ask another administrator');
      }
      await m.update(UserEntity, { id }, { disabled: next.disabled, role: next.role, organizations: next.organizations, permissions: next.permissions });
      if (next.disabled && !user.disabled) await this.sessions.revokeAllOf(m, id, 'user_disabled');
      // A member made an administrator or a privacy officer signs in again, with the second factor.
      else if (mfaRequired(next) && !mfaRequired(user)) await this.sessions.revokeAllOf(m, id, 'mfa_required');
      const before = { role: user.role, organizations: user.organizations, permissions: user.permissions ?? [], disabled: !!user.disabled };
      const after = { role: next.role, organizations: next.organizations, permissions: next.permissions, disabled: !!next.disabled };
      await emit('security.user.changed', { actor: admin.email, actorId: admin.id, ip, subject: { userId: id, email: user.email }, details: { before, after } });
      return next;
    });
  }

  async delete(id: string, admin: AuthUser, ip: string | null): Promise<void> {
    if (id === admin.id) throw new OrgoError('USER.SELF', 'You cannot delete yourself: ask another administrator');
    await this.events.transaction(async (m, emit) => {
      const user = await m.findOne(UserEntity, { where: { id } });
      if (!user) throw new OrgoError('USER.NOT_FOUND', `No user ${id}: list them with GET /api/v1/users`);
      await m.delete(UserEntity, { id });
      await this.sessions.revokeAllOf(m, id, 'user_deleted');
      await emit('security.user.deleted', { actor: admin.email, actorId: admin.id, ip, subject: { userId: id, email: user.email } });
    });
  }
}
