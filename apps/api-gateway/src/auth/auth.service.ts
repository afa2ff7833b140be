import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { AuthUser } from './auth-user';
import type { TokenResponseDto } from './dto/login.dto';
import { SignInLockoutService } from './lockout/sign-in-lockout.service';
import { mfaRequired } from './mfa/mfa-requirement';
import { MfaService } from './mfa/mfa.service';
import { type EmitSecurityEvent, SecurityEvents } from './security-events';
import { SignInSessionsService } from './sessions/sign-in-sessions.service';
import { signInErrors } from './sign-in-errors';
import { TokenIssuer } from './token-issuer';

export interface SignIn {
  email: string;
  password: string;
  otp?: string;
  ip: string | null;
}

/**
 * Sign-in (SPEC §7): lockout per account, password, the second factor where enrolled (required for
 * administrators and privacy officers), then a session whose refresh tokens rotate. Every outcome
 * is a security audit event.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly lockout: SignInLockoutService,
    private readonly mfa: MfaService,
    private readonly sessions: SignInSessionsService,
    private readonly tokens: TokenIssuer,
    private readonly events: SecurityEvents,
  ) {}

  async login({ email, password, otp, ip }: SignIn): Promise<TokenResponseDto> {
    // An early refusal that spares the password hash; the lock is decided again in each outcome's transaction.
    const lockedFor = await this.lockout.lockedFor(email);
    if (lockedFor) throw signInErrors.locked(lockedFor);
    const user = await this.users.verify(email, password);
    if (!user) return this.fail(email, null, 'wrong_password', ip, signInErrors.wrongCredentials());
    if (user.disabled) return this.fail(email, user, 'disabled', ip, signInErrors.disabled());
    if (!user.mfaSecret && mfaRequired(user)) {
      await this.events.transaction(async (m, emit) => {
        await this.clearUnlessLocked(m, email);
        await emit('security.login.failed', { actor: user.email, actorId: user.id, ip, reason: 'mfa_enrolment_required' });
      });
      throw signInErrors.enrolmentRequired(await this.tokens.enrolment(user));
    }
    if (user.mfaSecret && !otp) {
      await this.events.transaction((_m, emit) => emit('security.login.failed', { actor: user.email, actorId: user.id, ip, reason: 'otp_required' }));
      throw signInErrors.otpRequired();
    }
    const outcome = await this.events.transaction(async (m, emit) => {
      const factor = user.mfaSecret ? await this.mfa.verifySecondFactor(m, user, otp!) : 'none';
      if (!factor) return null;
      if (factor === 'recovery') {
        await emit('security.mfa.recovery_code_used', { actor: user.email, actorId: user.id, ip, details: { recovery_codes_left: (user.recoveryCodes?.length ?? 1) - 1 } });
      }
      return this.open(m, emit, user, ip, factor);
    });
    return outcome ?? this.fail(email, user, 'wrong_otp', ip, signInErrors.otpInvalid());
  }

  /** Finishes an enrolment step: the user confirmed MFA, so the sign-in goes on. */
  completeEnrolment(user: UserEntity, ip: string | null): Promise<TokenResponseDto> {
    return this.events.transaction((m, emit) => this.open(m, emit, user, ip, 'enrolment'));
  }

  async refresh(token: string, ip: string | null): Promise<TokenResponseDto> {
    const claims = await this.tokens.verify(token);
    if (!claims || claims.typ !== 'refresh' || !claims.sid || !claims.jti) throw signInErrors.refreshInvalid();
    const { sid, jti } = claims;
    const rotated = await this.events.transaction(async (m, emit) => {
      const { verdict, next, userId } = await this.sessions.rotate(m, sid, jti);
      if (verdict === 'reused') {
        await emit('security.refresh.reuse_detected', { actor: claims.email, actorId: userId ?? claims.sub, ip, sessionId: sid, reason: 'reused_refresh_token' });
        return { verdict };
      }
      if (!next) return { verdict };
      const user = await m.findOne(UserEntity, { where: { id: userId } });
      if (!user || user.disabled) {
        await this.sessions.revoke(m, sid, user ? 'user_disabled' : 'user_deleted');
        return { verdict: 'user_gone' as const };
      }
      return { verdict, tokens: await this.tokens.pair(user, next) };
    });
    if (rotated.verdict === 'reused') throw signInErrors.refreshReused();
    if (rotated.verdict === 'session_ended') throw signInErrors.sessionEnded();
    if (rotated.verdict === 'user_gone') throw signInErrors.disabled();
    if (!('tokens' in rotated) || !rotated.tokens) throw signInErrors.refreshInvalid();
    return rotated.tokens;
  }

  /** Ends the caller's sign-in: its refresh tokens and its access tokens stop working. */
  async logout(caller: AuthUser, ip: string | null): Promise<void> {
    const sessionId = caller.sessionId;
    if (!sessionId) return;
    await this.events.transaction(async (m, emit) => {
      await this.sessions.revoke(m, sessionId, 'logout');
      await emit('security.logout', { actor: caller.email, actorId: caller.id, ip, sessionId });
    });
  }

  private async open(m: EntityManager, emit: EmitSecurityEvent, user: UserEntity, ip: string | null, factor: string): Promise<TokenResponseDto> {
    await this.clearUnlessLocked(m, user.email);
    const session = await this.sessions.open(m, user.id);
    await emit('security.login.succeeded', { actor: user.email, actorId: user.id, ip, sessionId: session.sessionId, details: { second_factor: factor } });
    return this.tokens.pair(user, session);
  }

  /**
   * Starts the failure count again, in the outcome's transaction; refuses (rolling it back, a spent
   * code included) when a concurrent failure locked the account after the early check.
   */
  private async clearUnlessLocked(m: EntityManager, email: string): Promise<void> {
    const locked = await this.lockout.clearUnlessLocked(m, email);
    if (locked) throw signInErrors.locked(locked);
  }

  /**
   * Counts the failure (it may lock the account), records it, and refuses: as locked when the
   * counted row says a concurrent failure had locked the account already.
   */
  private async fail(email: string, user: UserEntity | null, reason: string, ip: string | null, error: Error): Promise<never> {
    const lockedBefore = await this.events.transaction(async (m, emit) => {
      const { failures, lockedForSeconds, lockedBefore } = await this.lockout.recordFailure(m, email);
      const actor = { actor: email.trim().toLowerCase(), actorId: user?.id ?? null, ip };
      await emit('security.login.failed', { ...actor, reason, details: { failures_in_a_row: failures } });
      if (lockedForSeconds) await emit('security.login.locked', { ...actor, reason, details: { locked_for_seconds: lockedForSeconds, failures_in_a_row: failures } });
      return lockedBefore;
    });
    throw lockedBefore ? signInErrors.locked(lockedBefore) : error;
  }
}
