import { randomUUID } from 'node:crypto';

import { freePort } from '@orgo/testing';
import Redis from 'ioredis';

import { RedisThrottlerStorage } from './redis-throttler.storage';

const REDIS_URL = process.env.ORGO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The distributed shape's rate limits against the real Redis: replicas share one count. */
describe('RedisThrottlerStorage (real Redis)', () => {
  const namespace = `t${randomUUID().slice(0, 8)}`;
  const replicas = [new RedisThrottlerStorage({ url: REDIS_URL, namespace }), new RedisThrottlerStorage({ url: REDIS_URL, namespace })];

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('counts the hits of two replicas together, and blocks past the limit on both with the time left', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await replicas[i % 2].increment('ip:10.0.0.7', 60_000, 5, 30_000, 'ip'));
    expect(answers.map((a) => a.totalHits)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(answers.slice(0, 5).every((a) => !a.isBlocked)).toBe(true);
    expect(answers[5]).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    expect((await replicas[0].increment('ip:10.0.0.7', 60_000, 5, 30_000, 'ip')).isBlocked).toBe(true);
    expect(answers[0].timeToExpire).toBeGreaterThan(50);
    // Another address, another limit: counted apart.
    expect((await replicas[1].increment('ip:10.0.0.8', 60_000, 5, 30_000, 'ip')).totalHits).toBe(1);
  });

  it('counts in memory, and says so once, while Redis does not answer', async () => {
    const outages: boolean[] = [];
    const port = await freePort();
    const cut = new RedisThrottlerStorage({ url: `redis://127.0.0.1:${port}`, namespace, onOutage: (down) => outages.push(down) });
    try {
      const first = await cut.increment('user:u1', 60_000, 2, 10_000, 'user');
      await cut.increment('user:u1', 60_000, 2, 10_000, 'user');
      const third = await cut.increment('user:u1', 60_000, 2, 10_000, 'user');
      expect(first.totalHits).toBe(1);
      expect(third.isBlocked).toBe(true);
      expect(outages).toEqual([true]);
    } finally {
      await cut.close();
    }
  });
});
