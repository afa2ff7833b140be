import { Injectable, UnauthorizedException } from '@nestjs/common';

import { UsersService } from '../users/users.service';
import type { AuthUser, TokenClaims } from './auth-user';
import { mfaRequired } from './mfa/mfa-requirement';
import { SignInSessionsService } from './sessions/sign-in-sessions.service';

/**
 * Who a verified token belongs to, now: two primary-key reads per request (the user, the sign-in
 * session), so a deleted or disabled user or a revoked session (logout, a reused refresh token)
 * stops working at once, and role, organizations and permissions are always the current ones.
 */
@Injectable()
export class SignedInUserLookup {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SignInSessionsService,
  ) {}

  async current(claims: TokenClaims): Promise<AuthUser> {
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabled) throw new UnauthorizedException('This account was deleted or disabled: its tokens no longer work; ask an administrator');
    const current: AuthUser = {
      id: user.id,
      email: user.email,
      role: user.role as AuthUser['role'],
      scope: user.role === 'admin' ? null : user.organizations,
      permissions: user.permissions ?? [],
      ...(claims.exp !== undefined ? { expiresAt: claims.exp * 1000 } : {}),
    };
    if (claims.typ === 'enrolment') {
      if (user.mfaSecret) throw new UnauthorizedException('MFA is enrolled already: sign in with a one-time code');
      return { ...current, enrolmentOnly: true };
    }
    if (!claims.sid || !(await this.sessions.isLive(claims.sid, user.id))) {
      throw new UnauthorizedException('This sign-in has ended (logged out or revoked): sign in again');
    }
    if (mfaRequired(user) && !user.mfaSecret) {
      throw new UnauthorizedException('This account now needs a second factor: sign in again to enrol it');
    }
    return { ...current, sessionId: claims.sid };
  }
}
