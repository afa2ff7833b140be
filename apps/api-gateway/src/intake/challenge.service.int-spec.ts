import { randomUUID } from 'node:crypto';

import { RedisCache } from '@orgo/cache';
import { solveChallenge } from '@orgo/security';
import { freePort } from '@orgo/testing';
import Redis from 'ioredis';
import pino from 'pino';

import { ChallengeService } from './challenge.service';
import type { IntakeKeys } from './intake-keys';
import { DEFAULT_INTAKE_SETTINGS } from './intake-settings';

const REDIS_URL = process.env.ORGO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEYS: IntakeKeys = { challenge: Buffer.alloc(32, 3), receipt: Buffer.alloc(32, 4), address: Buffer.alloc(32, 5) };
const SETTINGS = { ...DEFAULT_INTAKE_SETTINGS, difficulty: 6 };
const silent = pino({ level: 'silent' });

/** Several api-gateway replicas behind one load balancer: a solved challenge is accepted by one of them, once. */
describe('ChallengeService across replicas (real Redis)', () => {
  const namespace = `t${randomUUID().slice(0, 8)}`;
  const caches: RedisCache[] = [];
  const replica = (url = REDIS_URL) => {
    const cache = new RedisCache({ url, namespace, connectTimeoutMs: 500 });
    caches.push(cache);
    return new ChallengeService(cache, KEYS, SETTINGS, () => new Date(), silent);
  };

  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('accepts a token on one replica and refuses it on every other, even when they race', async () => {
    const replicas = [replica(), replica(), replica()];
    const { token } = replicas[0].issue('report:harbor/HR.Policy');
    const nonce = solveChallenge(token, SETTINGS.difficulty);
    const answers = await Promise.allSettled(replicas.map((r) => r.consume('report:harbor/HR.Policy', token, nonce)));
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const refusals = answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected').map((a) => a.reason.code);
    expect(refusals).toEqual(['INTAKE.CHALLENGE_USED', 'INTAKE.CHALLENGE_USED']);
    // The key is kept only until the token expires, under a fingerprint of it.
    const redis = new Redis(REDIS_URL);
    const [key] = await redis.keys(`${namespace}:intake:challenge:*`);
    expect(key).toMatch(/:intake:challenge:[0-9a-f]{64}$/);
    expect(key).not.toContain(token);
    expect(await redis.ttl(key)).toBeGreaterThan(SETTINGS.challengeTtlSeconds - 30);
    await redis.quit();
  });

  it('while Redis does not answer, still accepts each token once per replica', async () => {
    const cut = replica(`redis://127.0.0.1:${await freePort()}`);
    const { token } = cut.issue('s');
    const nonce = solveChallenge(token, SETTINGS.difficulty);
    await expect(cut.consume('s', token, nonce)).resolves.toBeUndefined();
    await expect(cut.consume('s', token, nonce)).rejects.toMatchObject({ code: 'INTAKE.CHALLENGE_USED' });
  });
});
