import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { OrgoError } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import argon2 from 'argon2';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { MfaService } from '../auth/mfa/mfa.service';
import { isTotpSecret } from '../auth/mfa/totp';
import { passwordProblem } from '../auth/password-policy';
import { SECURITY_SETTINGS, type SecuritySettings } from '../auth/security-settings';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  role: 'admin' | 'member';
  organizations: string[];
  permissions?: string[];
}

/** Users: the bootstrap administrator, users an administrator adds, and password checks (argon2id). */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly mfa: MfaService,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SECURITY_SETTINGS) private readonly settings: SecuritySettings,
  ) {}

  /**
   * `ORGO_ADMIN_EMAIL` / `ORGO_ADMIN_PASSWORD` create the first administrator when it does not exist;
   * `ORGO_ADMIN_TOTP_SECRET` (base32) enrols them in MFA with that secret if they are not enrolled.
   */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.context.env.ORGO_ADMIN_EMAIL?.trim().toLowerCase();
    const password = this.context.env.ORGO_ADMIN_PASSWORD;
    const secret = this.context.env.ORGO_ADMIN_TOTP_SECRET?.trim();
    if (!email || !password) return;
    if (secret && !isTotpSecret(secret)) {
      throw new OrgoError('CONFIG.INVALID', 'ORGO_ADMIN_TOTP_SECRET is not a base32 TOTP secret of at least 128 bits, i.e. 26 characters (A–Z, 2–7): fix it or leave it unset to enrol at the first sign-in');
    }
    let admin = await this.findByEmail(email);
    if (!admin) {
      const problem = passwordProblem(password, this.settings.password, [email]);
      if (problem) {
        throw new OrgoError('USER.WEAK_PASSWORD', `ORGO_ADMIN_PASSWORD is refused, so the administrator ${email} was not created. ${problem}. Set a stronger ORGO_ADMIN_PASSWORD and start again.`);
      }
      admin = await this.create({ email, password, role: 'admin', organizations: [] });
      this.logger.info({ email }, 'administrator created from ORGO_ADMIN_EMAIL');
    }
    if (secret && !admin.mfaSecret) {
      const id = admin.id;
      await this.tx.run((m) => this.mfa.enrolWithSecret(m, id, secret));
      this.logger.info({ email }, 'administrator enrolled in MFA from ORGO_ADMIN_TOTP_SECRET');
    } else if (!admin.mfaSecret) {
      this.logger.warn({ email }, 'the administrator has no MFA yet: their first sign-in answers an enrolment step (or set ORGO_ADMIN_TOTP_SECRET)');
    }
  }

  /** Checks the password policy, then stores the user (the password only as an argon2id hash). */
  async create(input: NewUser, manager?: EntityManager): Promise<UserEntity> {
    const problem = passwordProblem(input.password, this.settings.password, [input.email]);
    if (problem) throw new OrgoError('USER.WEAK_PASSWORD', problem);
    const user: UserEntity = {
      id: randomUUID(),
      email: input.email.trim().toLowerCase(),
      passwordHash: await argon2.hash(input.password, { type: argon2.argon2id }),
      role: input.role,
      organizations: input.organizations,
      createdAt: this.clock().toISOString(),
      disabled: false,
      permissions: input.permissions ?? [],
      mfaSecret: null,
      mfaPendingSecret: null,
      mfaEnabledAt: null,
      mfaLastStep: null,
      recoveryCodes: null,
    };
    if (manager) await manager.insert(UserEntity, user);
    else await this.tx.run((m) => m.insert(UserEntity, user));
    return user;
  }

  async count(): Promise<number> {
    return this.tx.read((m) => m.count(UserEntity));
  }

  /** The user when the password matches, else null (the same answer, after the same work, for an unknown email). */
  async verify(email: string, password: string): Promise<UserEntity | null> {
    const user = await this.findByEmail(email);
    if (!user) {
      await argon2.hash(password).catch(() => undefined);
      return null;
    }
    return (await argon2.verify(user.passwordHash, password)) ? user : null;
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.tx.read((m) => m.findOne(UserEntity, { where: { email: email.trim().toLowerCase() } }));
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.tx.read((m) => m.findOne(UserEntity, { where: { id } }));
  }

  list(): Promise<UserEntity[]> {
    return this.tx.read((m) => m.find(UserEntity, { order: { email: 'ASC' } }));
  }
}
