import Redis from 'ioredis';

import { cacheMetrics } from './cache-metrics';
import { RedisCache } from './redis-cache';
import { REDIS_URL, RedisRelay, closedPort, removeCacheNamespace, testNamespace } from './redis-test-support';

/** A logger that remembers what it was told. */
function recordingLogger() {
  const lines: { level: 'info' | 'warn'; message: string }[] = [];
  return {
    lines,
    info: (_fields: object, message: string) => lines.push({ level: 'info', message }),
    warn: (_fields: object, message: string) => lines.push({ level: 'warn', message }),
  };
}

async function errorCount(service: string, operation: string): Promise<number> {
  const metric = await cacheMetrics.errors.get();
  return metric.values.find((v) => v.labels.service === service && v.labels.operation === operation)?.value ?? 0;
}

/** Resolves once `check` holds, polling the real system; fails with `what` after 15 s. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (const end = Date.now() + 15_000; !(await check()); ) {
    if (Date.now() > end) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('RedisCache against the real Redis', () => {
  const namespace = testNamespace();
  const caches: RedisCache[] = [];
  const open = (options: Partial<ConstructorParameters<typeof RedisCache>[0]> = {}) => {
    const cache = new RedisCache({ url: REDIS_URL, namespace, ...options });
    caches.push(cache);
    return cache;
  };
  let raw: Redis;

  beforeAll(() => {
    raw = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await removeCacheNamespace(namespace);
    await raw.quit();
  });

  it('stores and reads JSON with a time to live, and connects only at its first use', async () => {
    const cache = open({ ttlSeconds: 120 });
    expect(cache.status()).toBe('idle');
    await cache.setJson(`${namespace}:a`, { rules: [{ name: 'leak', priority: 2 }], note: 'é' });
    await cache.setJson(`${namespace}:short`, [1, 2], 30);
    expect(cache.status()).toBe('up');
    expect(await cache.getJson(`${namespace}:a`)).toEqual({ rules: [{ name: 'leak', priority: 2 }], note: 'é' });
    expect(await cache.getJson(`${namespace}:missing`)).toBeUndefined();
    expect(JSON.parse((await raw.get(`${namespace}:a`))!)).toEqual({ rules: [{ name: 'leak', priority: 2 }], note: 'é' });
    const ttl = await raw.ttl(`${namespace}:a`);
    expect(ttl).toBeGreaterThan(60);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await raw.ttl(`${namespace}:short`)).toBeLessThanOrEqual(30);
  });

  it('answers a value that is not JSON as a miss', async () => {
    const cache = open({ service: 'json-test' });
    await raw.set(`${namespace}:garbage`, '{not json', 'EX', 60);
    expect(await cache.getJson(`${namespace}:garbage`)).toBeUndefined();
    expect(await errorCount('json-test', 'get')).toBe(1);
  });

  it('carries invalidation messages to another client instance through pub/sub', async () => {
    const publisher = open();
    const subscriber = open();
    const seen: unknown[] = [];
    const stop = await subscriber.subscribe(`${namespace}:invalidate`, (m) => seen.push(m));
    await publisher.publish(`${namespace}:invalidate`, { kind: 'rules', organization: 'northside', hash: 'h1' });
    await until(() => seen.length === 1, 'message delivered');
    expect(seen).toEqual([{ kind: 'rules', organization: 'northside', hash: 'h1' }]);
    await stop();
    await publisher.publish(`${namespace}:invalidate`, { hash: 'h2' });
    // Another subscriber proves the second message went out; the stopped one must not get it.
    const witness: unknown[] = [];
    await open().subscribe(`${namespace}:invalidate`, (m) => witness.push(m));
    await publisher.publish(`${namespace}:invalidate`, { hash: 'h3' });
    await until(() => witness.length === 1, 'witness got the third message');
    expect(seen).toHaveLength(1);
  });

  it('claims a key once across client instances (SET NX), and answers null while Redis is unreachable', async () => {
    const [one, two] = [open(), open()];
    const key = `${namespace}:claim`;
    const answers = await Promise.all([one.claim(key, 60), two.claim(key, 60), one.claim(key, 60)]);
    expect(answers.filter((a) => a === true)).toHaveLength(1);
    expect(answers.filter((a) => a === false)).toHaveLength(2);
    const down = open({ url: `redis://127.0.0.1:${await closedPort()}`, service: 'claim-down-test', connectTimeoutMs: 500 });
    expect(await down.claim(key, 60)).toBeNull();
  });

  it('never throws when Redis is unreachable: misses, counts each fallback, logs the outage once', async () => {
    const logger = recordingLogger();
    const cache = open({ url: `redis://127.0.0.1:${await closedPort()}`, service: 'down-test', logger, connectTimeoutMs: 500 });
    expect(await cache.getJson(`${namespace}:a`)).toBeUndefined();
    await cache.setJson(`${namespace}:a`, { x: 1 });
    await cache.publish(`${namespace}:invalidate`, { x: 1 });
    const stop = await cache.subscribe(`${namespace}:invalidate`, () => undefined);
    for (let i = 0; i < 5; i++) expect(await cache.getJson(`${namespace}:a`)).toBeUndefined();
    await stop();
    expect(cache.status()).toBe('down');
    expect(await errorCount('down-test', 'get')).toBe(6);
    expect(await errorCount('down-test', 'set')).toBe(1);
    expect(await errorCount('down-test', 'publish')).toBe(1);
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(logger.lines[0].message).toMatch(/unreachable.*computed locally/);
    const up = await cacheMetrics.up.get();
    expect(up.values.find((v) => v.labels.service === 'down-test')?.value).toBe(0);
  });

  it('reconnects by itself and re-subscribes its channels when Redis is back', async () => {
    const relay = new RedisRelay();
    await relay.restore();
    const logger = recordingLogger();
    const cache = open({ url: relay.url, service: 'outage-test', logger, maxReconnectDelayMs: 200 });
    const early = open({ url: relay.url, service: 'outage-test' });
    const publisher = open();
    const seen: unknown[] = [];
    await cache.subscribe(`${namespace}:invalidate`, (m) => seen.push(m));
    await cache.setJson(`${namespace}:before`, 'kept');
    expect(cache.status()).toBe('up');

    await relay.cut();
    await until(() => cache.status() === 'down', 'outage noticed');
    expect(await cache.getJson(`${namespace}:before`)).toBeUndefined();
    // A channel subscribed during the outage is subscribed once Redis is back.
    const lateSeen: unknown[] = [];
    await early.subscribe(`${namespace}:invalidate`, (m) => lateSeen.push(m));

    await relay.restore();
    await until(() => cache.status() === 'up' && early.status() === 'up', 'reconnected');
    expect(await cache.getJson(`${namespace}:before`)).toBe('kept');
    await until(async () => {
      await publisher.publish(`${namespace}:invalidate`, { after: 'outage' });
      return seen.length > 0 && lateSeen.length > 0;
    }, 'messages after the outage delivered');
    expect(seen[0]).toEqual({ after: 'outage' });
    expect(lateSeen[0]).toEqual({ after: 'outage' });
    expect(logger.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      expect.stringMatching(/^warn shared cache \(Redis\) unreachable/),
      'info shared cache (Redis) is back',
    ]);
    await Promise.all([cache.close(), early.close()]);
    await relay.cut();
  });
});
