import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { SECURITY_SETTINGS, type SecuritySettings } from '../security-settings';
import { lockoutDelaySeconds, secondsUntil } from './lockout-delay';
import { SignInFailureEntity } from './sign-in-failure.entity';

/** Failures older than this are forgotten: a typo a month ago does not count against today. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

export const accountKey = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/**
 * Lockout after failed sign-ins per account, in the api-gateway's database (so every replica sees
 * it). Unknown accounts are counted and locked exactly like known ones: the answers cannot tell
 * which accounts exist.
 */
@Injectable()
export class SignInLockoutService {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECURITY_SETTINGS) private readonly settings: SecuritySettings,
  ) {}

  /** Seconds the account stays locked (0: it may try). */
  async lockedFor(email: string): Promise<number> {
    const row = await this.tx.read((m) => m.findOne(SignInFailureEntity, { where: { accountKey: accountKey(email) } }));
    return secondsUntil(row?.lockedUntil ?? null, this.clock());
  }

  /** Counts a wrong password or code; answers the failures in a row and the lock it brings (seconds, 0 for none). */
  async recordFailure(manager: EntityManager, email: string): Promise<{ failures: number; lockedForSeconds: number }> {
    const key = accountKey(email);
    const now = this.clock();
    const row = await manager.findOne(SignInFailureEntity, { where: { accountKey: key } });
    const stale = row ? now.getTime() - Date.parse(row.lastFailureAt) > FORGET_AFTER_MS : true;
    const failures = stale ? 1 : row!.failures + 1;
    const lockedForSeconds = lockoutDelaySeconds(failures, this.settings.lockout);
    const next: SignInFailureEntity = {
      accountKey: key,
      failures,
      lockedUntil: lockedForSeconds ? new Date(now.getTime() + lockedForSeconds * 1000).toISOString() : null,
      lastFailureAt: now.toISOString(),
    };
    await manager.upsert(SignInFailureEntity, next, ['accountKey']);
    return { failures, lockedForSeconds };
  }

  /** A successful sign-in starts the count again. */
  async clear(manager: EntityManager, email: string): Promise<void> {
    await manager.delete(SignInFailureEntity, { accountKey: accountKey(email) });
  }
}
