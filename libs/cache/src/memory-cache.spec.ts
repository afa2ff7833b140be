import { MemoryCache } from './memory-cache';

describe('MemoryCache', () => {
  it('stores JSON values by key until their time to live has passed', async () => {
    let now = 1_000_000;
    const cache = new MemoryCache({ namespace: 'test', ttlSeconds: 60, now: () => now });
    await cache.setJson('test:a', { rules: ['x'], at: new Date(0) });
    await cache.setJson('test:b', 1, 5);
    expect(await cache.getJson('test:a')).toEqual({ rules: ['x'], at: '1970-01-01T00:00:00.000Z' });
    expect(await cache.getJson('test:missing')).toBeUndefined();
    now += 5_000;
    expect(await cache.getJson('test:b')).toBeUndefined();
    expect(await cache.getJson('test:a')).toEqual({ rules: ['x'], at: '1970-01-01T00:00:00.000Z' });
    now += 55_000;
    expect(await cache.getJson('test:a')).toBeUndefined();
  });

  it('claims a key once until its time to live has passed', async () => {
    let now = 1_000_000;
    const cache = new MemoryCache({ now: () => now });
    expect(await cache.claim('test:token', 10)).toBe(true);
    expect(await cache.claim('test:token', 10)).toBe(false);
    expect(await cache.claim('test:other', 10)).toBe(true);
    now += 10_000;
    expect(await cache.claim('test:token', 10)).toBe(true);
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    const cache = new MemoryCache();
    await cache.setJson('k', { list: [1] });
    (await cache.getJson<{ list: number[] }>('k'))!.list.push(2);
    expect(await cache.getJson('k')).toEqual({ list: [1] });
  });

  it('delivers published messages to every subscriber of the channel until it unsubscribes', async () => {
    const cache = new MemoryCache();
    const seen: unknown[] = [];
    const other: unknown[] = [];
    const stop = await cache.subscribe('c', (m) => seen.push(m));
    await cache.subscribe('c', (m) => other.push(m));
    await cache.subscribe('elsewhere', () => seen.push('wrong channel'));
    await cache.publish('c', { hash: 'h1' });
    await new Promise((r) => setImmediate(r));
    await stop();
    await cache.publish('c', { hash: 'h2' });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([{ hash: 'h1' }]);
    expect(other).toEqual([{ hash: 'h1' }, { hash: 'h2' }]);
    expect(cache.status()).toBe('memory');
  });
});
