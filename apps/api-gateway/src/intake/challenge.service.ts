import { Inject, Injectable } from '@nestjs/common';
import { MemoryCache, type SharedCache } from '@orgo/cache';
import { OrgoError } from '@orgo/domain';
import { CLOCK, type Clock, LOGGER } from '@orgo/runtime';
import { challengeFingerprint, issueChallenge, verifyProofOfWork } from '@orgo/security';
import type { Logger } from 'pino';

import { INTAKE_ERRORS } from './intake-errors';
import { INTAKE_KEYS, type IntakeKeys } from './intake-keys';
import { INTAKE_SETTINGS, type IntakeSettings } from './intake-settings';

/** The cache every replica shares (Redis in the distributed shape), where used tokens are remembered. */
export const INTAKE_CACHE = Symbol('INTAKE_CACHE');

export interface ChallengeView {
  token: string;
  difficulty: number;
  expires_at: string;
}

/**
 * Proof-of-work challenges of the public intake routes (`@orgo/security` proof-of-work): issued
 * signed and expiring, verified with one HMAC and one hash, accepted once. A used token is
 * remembered until it expires in the shared cache (`claim`, Redis `SET NX`), so a second replica
 * refuses it too; while the cache cannot answer, each replica remembers the tokens it saw itself.
 */
@Injectable()
export class ChallengeService {
  private readonly local = new MemoryCache({ namespace: 'intake' });

  constructor(
    @Inject(INTAKE_CACHE) private readonly cache: SharedCache,
    @Inject(INTAKE_KEYS) private readonly keys: IntakeKeys,
    @Inject(INTAKE_SETTINGS) private readonly settings: IntakeSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  issue(scope: string): ChallengeView {
    const challenge = issueChallenge(this.keys.challenge, scope, this.settings.difficulty, this.settings.challengeTtlSeconds, this.clock());
    return { token: challenge.token, difficulty: challenge.difficulty, expires_at: challenge.expiresAt.toISOString() };
  }

  /** Checks the work and takes the token; throws a 400 that says what to do when either fails. */
  async consume(scope: string, token: unknown, nonce: unknown): Promise<void> {
    const now = this.clock();
    const verdict = verifyProofOfWork(this.keys.challenge, scope, token, nonce, now);
    if (!verdict.ok) {
      const why = {
        malformed: 'the challenge token or nonce is missing or malformed',
        forged: 'the challenge token was not issued for this form',
        expired: 'the challenge has expired',
        insufficient: 'the nonce does not solve the challenge',
      }[verdict.reason];
      throw new OrgoError(INTAKE_ERRORS.challengeInvalid, `The proof of work was not accepted: ${why}. Load the form again for a new challenge and solve it.`, { reason: verdict.reason });
    }
    const ttl = Math.max(1, Math.ceil((verdict.expiresAt.getTime() - now.getTime()) / 1000));
    const key = `${this.cache.namespace}:intake:challenge:${challengeFingerprint(token as string)}`;
    let first = await this.cache.claim(key, ttl);
    if (first === null) {
      this.logger.warn('web intake: the shared cache does not answer; used challenges are remembered by this replica only');
      first = await this.local.claim(key, ttl);
    }
    if (!first) throw new OrgoError(INTAKE_ERRORS.challengeUsed, 'This challenge was used already; each one is accepted once. Load the form again for a new challenge.');
  }
}
