import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner, forUpdate } from '@orgo/persistence';
import { type Clock, CLOCK } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { SECURITY_SETTINGS, type SecuritySettings } from '../security-settings';
import { lockoutDelaySeconds, secondsUntil } from './lockout-delay';
import { SignInFailureEntity } from './sign-in-failure.entity';

/** Failures older than this are forgotten: a typo a month ago does not count against today. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** The table, schema-qualified where the data source has one (raw SQL does not get TypeORM's qualification). */
const tableOf = (manager: EntityManager): string => {
  const { schema, tableName } = manager.connection.getMetadata(SignInFailureEntity);
  return schema ? `"${schema}"."${tableName}"` : `"${tableName}"`;
};

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

  /**
   * Counts a wrong password or code in one statement (`INSERT … ON CONFLICT … DO UPDATE SET failures
   * = failures + 1 … RETURNING`), so that concurrent failures for one account each count, and
   * decides from the row it returns: the failures in a row, the lock they bring (seconds, 0 for
   * none), and `lockedBefore`, the seconds of a lock that was on already when this attempt came (it
   * passed the early check while a concurrent failure locked the account).
   */
  async recordFailure(manager: EntityManager, email: string): Promise<{ failures: number; lockedForSeconds: number; lockedBefore: number }> {
    const now = this.clock();
    const table = tableOf(manager);
    const sql =
      `INSERT INTO ${table} AS t ("account_key", "failures", "locked_until", "last_failure_at") VALUES (:key, 1, NULL, :now) ` +
      `ON CONFLICT ("account_key") DO UPDATE SET ` +
      `"failures" = CASE WHEN t."last_failure_at" < :forgetBefore THEN 1 ELSE t."failures" + 1 END, ` +
      `"locked_until" = CASE WHEN t."last_failure_at" < :forgetBefore THEN NULL ELSE t."locked_until" END, ` +
      `"last_failure_at" = excluded."last_failure_at" ` +
      `RETURNING "failures", "locked_until"`;
    const parameters = { key: accountKey(email), now: now.toISOString(), forgetBefore: new Date(now.getTime() - FORGET_AFTER_MS).toISOString() };
    const [row] = (await this.query(manager, sql, parameters)) as { failures: number | string; locked_until: string | null }[];
    const failures = Number(row.failures);
    const lockedBefore = secondsUntil(row.locked_until, now);
    const lockedForSeconds = lockoutDelaySeconds(failures, this.settings.lockout);
    if (lockedForSeconds) {
      // The statement above holds the row until the transaction ends: no other failure comes between.
      const lockedUntil = new Date(now.getTime() + lockedForSeconds * 1000).toISOString();
      await this.query(manager, `UPDATE ${table} SET "locked_until" = :lockedUntil WHERE "account_key" = :key`, { lockedUntil, key: parameters.key });
    }
    return { failures, lockedForSeconds, lockedBefore };
  }

  /**
   * A successful sign-in starts the count again, unless the account is locked: checked in the
   * sign-in's own transaction (PostgreSQL: the row locked until it ends), so a right password
   * sent alongside parallel wrong ones cannot slip past the lock they bring. Answers the seconds
   * the account stays locked (0: cleared, the sign-in goes on).
   */
  async clearUnlessLocked(manager: EntityManager, email: string): Promise<number> {
    const key = accountKey(email);
    const row = await manager.findOne(SignInFailureEntity, { where: { accountKey: key }, ...forUpdate(manager) });
    const locked = secondsUntil(row?.lockedUntil ?? null, this.clock());
    if (locked) return locked;
    if (row) await manager.delete(SignInFailureEntity, { accountKey: key });
    return 0;
  }

  private async query(manager: EntityManager, sql: string, parameters: Record<string, string>): Promise<unknown[]> {
    const [query, bound] = manager.connection.driver.escapeQueryWithParameters(sql, parameters, {});
    const result: unknown = await manager.query(query, bound);
    return Array.isArray(result) ? result : [];
  }
}
