import { cacheKey, canonicalJson, contentHash, invalidationChannel, isInvalidationMessage } from './cache-keys';

describe('cache keys', () => {
  it('hash content, not the order its keys were read in', () => {
    const a = { rules: [{ name: 'leak', action: { type: 'maintenance', priority: 'high' } }], metadata: { version: '1.0' } };
    const b = { metadata: { version: '1.0' }, rules: [{ action: { priority: 'high', type: 'maintenance' }, name: 'leak' }] };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('change with any change of content, list order included', () => {
    const base = { rules: [{ name: 'a' }, { name: 'b' }] };
    expect(contentHash({ rules: [{ name: 'b' }, { name: 'a' }] })).not.toBe(contentHash(base));
    expect(contentHash({ rules: [{ name: 'a' }, { name: 'b', disabled: true }] })).not.toBe(contentHash(base));
    expect(contentHash({ rules: [{ name: 'a' }, { name: 'B' }] })).not.toBe(contentHash(base));
  });

  it('are <namespace>:<kind>:<organization>:<hash>, with one invalidation channel per namespace', () => {
    const hash = contentHash('x');
    expect(cacheKey('orgo', 'rules', 'northside', hash)).toBe(`orgo:rules:northside:${hash}`);
    expect(cacheKey('staging', 'directory', 'northside', hash)).toBe(`staging:directory:northside:${hash}`);
    expect(invalidationChannel('staging')).toBe('staging:invalidate');
  });

  it('accept only well-formed invalidation messages', () => {
    const hash = contentHash('x');
    expect(isInvalidationMessage({ kind: 'rules', organization: 'northside', hash, origin: 'r1' })).toBe(true);
    expect(isInvalidationMessage({ kind: 'templates', organization: 'northside', hash, origin: 'r1' })).toBe(false);
    expect(isInvalidationMessage({ kind: 'rules', organization: 'northside', hash: 'abc', origin: 'r1' })).toBe(false);
    expect(isInvalidationMessage({ kind: 'rules', hash, origin: 'r1' })).toBe(false);
    expect(isInvalidationMessage('rules')).toBe(false);
    expect(isInvalidationMessage(null)).toBe(false);
  });
});
