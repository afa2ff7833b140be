import { Inject, Injectable } from '@nestjs/common';
import { OrgoError } from '@orgo/domain';
import { type Clock, CLOCK, KEY_RING } from '@orgo/runtime';
import { type KeyRing, seal, unseal } from '@orgo/security';
import QRCode from 'qrcode';
import { type EntityManager, IsNull } from 'typeorm';

import { UserEntity } from '../../users/user.entity';
import type { AuthUser } from '../auth-user';
import { SecurityEvents } from '../security-events';
import { mfaRequired } from './mfa-requirement';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, useRecoveryCode } from './recovery-codes';
import { acceptedTotpStep, newTotpSecret, normalizeTotpSecret, totpUri } from './totp';

export interface Enrolment {
  secret: string;
  otpauth_uri: string;
  /** The otpauth URI as a QR code (PNG data URL) for an authenticator app to scan. */
  qr_code: string;
}

const wrongCode = () =>
  new OrgoError('AUTH.OTP_INVALID', 'The one-time code is wrong, expired or used already: enter the current code from your authenticator app (or an unused recovery code)');

/**
 * TOTP MFA of a user: enrolment (a secret sealed with the key ring, confirmed by a first code),
 * recovery codes (hashes only), the second factor at sign-in (each code works once), disabling.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly events: SecurityEvents,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KEY_RING) private readonly ring: KeyRing,
  ) {}

  /** A new secret for the caller, pending until a code from it is confirmed. */
  async enroll(caller: AuthUser): Promise<Enrolment> {
    const secret = newTotpSecret();
    await this.events.transaction(async (m) => {
      const user = await this.load(m, caller.id);
      if (user.mfaSecret) throw new OrgoError('AUTH.MFA_ALREADY_ENROLLED', 'MFA is enrolled already for this account: disable it first (DELETE /api/v1/auth/mfa with a current code) to enrol a new device');
      await m.update(UserEntity, { id: user.id }, { mfaPendingSecret: seal(this.ring, secret) });
    });
    const uri = totpUri(secret, caller.email);
    return { secret, otpauth_uri: uri, qr_code: await QRCode.toDataURL(uri) };
  }

  /** Turns MFA on with a first code from the pending secret; answers the recovery codes (shown once). */
  async confirm(caller: AuthUser, otp: string, ip: string | null): Promise<{ user: UserEntity; recoveryCodes: string[] }> {
    const codes = newRecoveryCodes();
    const user = await this.events.transaction(async (m, emit) => {
      const user = await this.load(m, caller.id);
      if (user.mfaSecret) throw new OrgoError('AUTH.MFA_ALREADY_ENROLLED', 'MFA is enrolled already for this account');
      if (!user.mfaPendingSecret) throw new OrgoError('AUTH.MFA_NOT_STARTED', 'No enrolment is under way: POST /api/v1/auth/mfa/enroll first, then confirm with a code from the secret it answers');
      const step = acceptedTotpStep(unseal(this.ring, user.mfaPendingSecret), otp.trim(), null, this.clock());
      if (step === null) throw wrongCode();
      const enabled = {
        mfaSecret: user.mfaPendingSecret,
        mfaPendingSecret: null,
        mfaEnabledAt: this.clock().toISOString(),
        mfaLastStep: step,
        recoveryCodes: codes.map(hashRecoveryCode),
      };
      await m.update(UserEntity, { id: user.id }, enabled);
      await emit('security.mfa.enrolled', { actor: user.email, actorId: user.id, ip, details: { recovery_codes: codes.length } });
      return { ...user, ...enabled };
    });
    return { user, recoveryCodes: codes };
  }

  /** Turns MFA off with a current code; refused where MFA is required (administrators, privacy officers). */
  async disable(caller: AuthUser, otp: string, ip: string | null): Promise<void> {
    await this.events.transaction(async (m, emit) => {
      const user = await this.load(m, caller.id);
      if (!user.mfaSecret) throw new OrgoError('AUTH.MFA_NOT_ENROLLED', 'MFA is not enrolled for this account');
      if (mfaRequired(user)) throw new OrgoError('AUTH.MFA_REQUIRED', 'Administrators and privacy officers must keep MFA; to change devices, ask another administrator to reset it');
      if (!(await this.verifySecondFactor(m, user, otp))) throw wrongCode();
      await m.update(UserEntity, { id: user.id }, { mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null, recoveryCodes: null });
      await emit('security.mfa.disabled', { actor: user.email, actorId: user.id, ip });
    });
  }

  /**
   * Checks a TOTP code or a recovery code and spends it (a code's time step, a recovery code's hash),
   * so that neither works twice, not even from two replicas at once. Null when it is not right.
   */
  async verifySecondFactor(m: EntityManager, user: UserEntity, otp: string): Promise<'totp' | 'recovery' | null> {
    if (!user.mfaSecret) return null;
    const code = otp.trim();
    if (looksLikeRecoveryCode(code)) {
      const left = useRecoveryCode(user.recoveryCodes ?? [], code);
      if (!left) return null;
      const spent = await m
        .createQueryBuilder()
        .update(UserEntity)
        .set({ recoveryCodes: left })
        .where('id = :id AND recovery_codes = :before', { id: user.id, before: JSON.stringify(user.recoveryCodes) })
        .execute();
      return spent.affected ? 'recovery' : null;
    }
    const step = acceptedTotpStep(unseal(this.ring, user.mfaSecret), code, user.mfaLastStep, this.clock());
    if (step === null) return null;
    const spent = await m
      .createQueryBuilder()
      .update(UserEntity)
      .set({ mfaLastStep: step })
      .where('id = :id AND (mfa_last_step IS NULL OR mfa_last_step < :step)', { id: user.id, step })
      .execute();
    return spent.affected ? 'totp' : null;
  }

  /** The bootstrap contract: `ORGO_ADMIN_TOTP_SECRET` enrols the bootstrap administrator with that secret. */
  async enrolWithSecret(m: EntityManager, userId: string, secret: string): Promise<void> {
    await m.update(
      UserEntity,
      { id: userId, mfaSecret: IsNull() },
      { mfaSecret: seal(this.ring, normalizeTotpSecret(secret)), mfaPendingSecret: null, mfaEnabledAt: this.clock().toISOString(), mfaLastStep: null, recoveryCodes: [] },
    );
  }

  private async load(m: EntityManager, id: string): Promise<UserEntity> {
    const user = await m.findOne(UserEntity, { where: { id } });
    if (!user || user.disabled) throw new OrgoError('AUTH.USER_GONE', 'This account was deleted or disabled: ask an administrator');
    return user;
  }
}
