import { cacheKey, contentHash, invalidationChannel } from './cache-keys';
import { CachedModelRegistry, type CachedModelSource } from './cached-model.registry';
import { MemoryCache } from './memory-cache';

/** A replica's view of some per-organization files: a list of words per organization. */
function replica(files: Record<string, string[]>) {
  const counts = { built: 0, revived: 0 };
  const source: CachedModelSource<{ words: string[] }, { words: string[]; upper: string[] }> = {
    kind: 'rules',
    organizations: () => Object.keys(files),
    content: (org) => files[org],
    build: (org) => {
      counts.built++;
      if (files[org].includes('invalid')) throw new Error(`bad file for ${org}`);
      return { words: [...files[org]], upper: files[org].map((w) => w.toUpperCase()) };
    },
    toModel: (value) => ({ words: value.words }),
    fromModel: (model) => {
      counts.revived++;
      if (!Array.isArray(model.words)) throw new Error('not a model');
      return { words: model.words, upper: model.words.map((w) => w.toUpperCase()) };
    },
  };
  return { source, counts };
}

const delivered = () => new Promise((r) => setImmediate(r));

describe('CachedModelRegistry', () => {
  it('builds once for the whole fleet: the next replica with the same files only revives the cached model', async () => {
    const cache = new MemoryCache({ namespace: 'ns' });
    const first = replica({ northside: ['leak', 'fire'] });
    const second = replica({ northside: ['leak', 'fire'] });
    const a = new CachedModelRegistry(first.source, { cache });
    const b = new CachedModelRegistry(second.source, { cache });
    await a.start();
    await b.start();
    expect(first.counts).toEqual({ built: 1, revived: 0 });
    expect(second.counts).toEqual({ built: 0, revived: 1 });
    expect(b.get('northside')).toEqual({ words: ['leak', 'fire'], upper: ['LEAK', 'FIRE'] });
    const hash = a.localHash('northside');
    expect(hash).toBe(contentHash({ organization: 'northside', content: ['leak', 'fire'] }));
    expect(b.hashOf('northside')).toBe(hash);
    expect(await cache.getJson(cacheKey('ns', 'rules', 'northside', hash))).toEqual({ words: ['leak', 'fire'] });
    expect(a.get('elsewhere')).toBeUndefined();
  });

  it('switches every replica to the version another replica announces, from the cache', async () => {
    const cache = new MemoryCache({ namespace: 'ns' });
    const old = replica({ northside: ['leak'], other: ['x'] });
    const a = new CachedModelRegistry(old.source, { cache });
    await a.start();
    const updated = replica({ northside: ['leak', 'flood'], other: ['x'] });
    const b = new CachedModelRegistry(updated.source, { cache });
    await b.start();
    await delivered();
    await a.settled();
    expect(a.get('northside')?.words).toEqual(['leak', 'flood']);
    expect(a.hashOf('northside')).toBe(b.localHash('northside'));
    expect(a.get('other')?.words).toEqual(['x']);
    // A took the new version from the cache: it built only its own files at start.
    expect(old.counts).toEqual({ built: 2, revived: 1 });
  });

  it('ignores its own announcements, announcements of the version in use, and unknown organizations', async () => {
    const cache = new MemoryCache({ namespace: 'ns' });
    const a = new CachedModelRegistry(replica({ northside: ['leak'] }).source, { cache });
    await a.start();
    const hash = a.localHash('northside');
    await cache.publish(invalidationChannel('ns'), { kind: 'rules', organization: 'northside', hash, origin: 'another' });
    await cache.publish(invalidationChannel('ns'), { kind: 'rules', organization: 'unknown', hash: contentHash('u'), origin: 'another' });
    await cache.publish(invalidationChannel('ns'), { kind: 'directory', organization: 'northside', hash: contentHash('d'), origin: 'another' });
    await cache.publish(invalidationChannel('ns'), { kind: 'rules', organization: 'northside', hash: contentHash('o'), origin: a.origin });
    await cache.publish(invalidationChannel('ns'), 'not a message');
    await delivered();
    await a.settled();
    expect(a.hashOf('northside')).toBe(hash);
  });

  it('keeps the version in use when an announced version is neither in the cache nor in its own files, or the cached model is unusable', async () => {
    const cache = new MemoryCache({ namespace: 'ns' });
    const own = replica({ northside: ['leak'] });
    const warnings: object[] = [];
    const a = new CachedModelRegistry(own.source, { cache, logger: { info: () => undefined, warn: (fields) => warnings.push(fields) } });
    await a.start();
    const gone = contentHash('expired');
    await cache.publish(invalidationChannel('ns'), { kind: 'rules', organization: 'northside', hash: gone, origin: 'another' });
    await delivered();
    await a.settled();
    expect(a.get('northside')?.words).toEqual(['leak']);
    expect(a.hashOf('northside')).toBe(a.localHash('northside'));

    const broken = contentHash('broken');
    await cache.setJson(cacheKey('ns', 'rules', 'northside', broken), { words: 'not a list' });
    await cache.publish(invalidationChannel('ns'), { kind: 'rules', organization: 'northside', hash: broken, origin: 'another' });
    await delivered();
    await a.settled();
    expect(a.get('northside')?.words).toEqual(['leak']);
    // Nothing rebuilt: its own files are not what was announced.
    expect(own.counts.built).toBe(1);
    expect(warnings).toEqual([
      expect.objectContaining({ announced: gone, inUse: a.localHash('northside') }),
      expect.objectContaining({ hash: broken }),
      expect.objectContaining({ announced: broken, inUse: a.localHash('northside') }),
    ]);
  });

  it('reloads changed local files, announces them to the other replicas, and leaves values already taken as they were', async () => {
    const cache = new MemoryCache({ namespace: 'ns' });
    const files = { northside: ['leak'], other: ['x'] };
    const a = new CachedModelRegistry(replica(files).source, { cache });
    const follower = replica({ northside: ['leak'], other: ['x'] });
    const b = new CachedModelRegistry(follower.source, { cache });
    await a.start();
    await b.start();
    const before = a.get('northside');
    expect(await a.reload('northside')).toEqual({ status: 'unchanged', hash: a.hashOf('northside') });

    files.northside = ['leak', 'flood'];
    const outcome = await a.reload('northside');
    expect(outcome).toEqual({ status: 'reloaded', hash: a.localHash('northside') });
    expect(a.get('northside')?.words).toEqual(['leak', 'flood']);
    expect(before?.words).toEqual(['leak']);
    await delivered();
    await b.settled();
    // B's own files did not change: it follows the announcement, from the cache.
    expect(b.get('northside')?.words).toEqual(['leak', 'flood']);
    expect(follower.counts).toEqual({ built: 0, revived: 3 });

    // Back to content the cache already holds: found there, and still announced.
    files.northside = ['leak'];
    expect(await a.reload('northside')).toMatchObject({ status: 'reloaded' });
    await delivered();
    await b.settled();
    expect(b.get('northside')?.words).toEqual(['leak']);
  });

  it('rejects changed local files that do not build and keeps serving the version in use', async () => {
    const cache = new MemoryCache({ namespace: 'ns' });
    const files = { northside: ['leak'] };
    const a = new CachedModelRegistry(replica(files).source, { cache });
    await a.start();
    const good = a.hashOf('northside');
    files.northside = ['leak', 'invalid'];
    const outcome = await a.reload('northside');
    expect(outcome).toMatchObject({ status: 'rejected', inUse: good, error: new Error('bad file for northside') });
    expect(outcome.hash).not.toBe(good);
    expect(a.get('northside')?.words).toEqual(['leak']);
    expect(a.hashOf('northside')).toBe(good);
    // The same bad content is not tried again; fixed content is loaded.
    expect(await a.reload('northside')).toMatchObject({ status: 'unchanged' });
    files.northside = ['leak', 'flood'];
    expect(await a.reload('northside')).toMatchObject({ status: 'reloaded' });
    expect(a.get('northside')?.words).toEqual(['leak', 'flood']);
  });

  it('fails its start on a bad local file, as loading without a cache does', async () => {
    const a = new CachedModelRegistry(replica({ northside: ['invalid'] }).source, { cache: new MemoryCache() });
    await expect(a.start()).rejects.toThrow('bad file for northside');
  });
});
