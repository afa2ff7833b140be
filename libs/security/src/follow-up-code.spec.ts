import { CROCKFORD_ALPHABET, followUpCodeHash, newFollowUpCode, normalizeFollowUpCode, sameCodeHash } from './follow-up-code';

describe('follow-up codes', () => {
  it('are four groups of four Crockford base32 characters, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newFollowUpCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(normalizeFollowUpCode(code)).toBe(code.replace(/-/g, ''));
    }
    const used = new Set([...codes].join('').replace(/-/g, ''));
    expect([...used].every((c) => CROCKFORD_ALPHABET.includes(c))).toBe(true);
  });

  it('are read back the way people type them', () => {
    expect(normalizeFollowUpCode(' 7k3m q9tz-0xwb-h2r5 ')).toBe('7K3MQ9TZ0XWBH2R5');
    expect(normalizeFollowUpCode('7K3M-Q9TZ-OXWB-H2R5')).toBe('7K3MQ9TZ0XWBH2R5');
    expect(normalizeFollowUpCode('ilLI-0000-0000-0000')).toBe('1111000000000000');
    expect(normalizeFollowUpCode('7K3M-Q9TZ-0XWB-H2R')).toBeNull();
    expect(normalizeFollowUpCode('UUUU-0000-0000-0000')).toBeNull();
    expect(normalizeFollowUpCode(42)).toBeNull();
  });

  it('are stored as a keyed hash, compared in constant time', () => {
    const key = Buffer.alloc(32, 1);
    const hash = followUpCodeHash(key, '7K3MQ9TZ0XWBH2R5');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(followUpCodeHash(Buffer.alloc(32, 2), '7K3MQ9TZ0XWBH2R5'));
    expect(sameCodeHash(hash, followUpCodeHash(key, '7K3MQ9TZ0XWBH2R5'))).toBe(true);
    expect(sameCodeHash(hash, followUpCodeHash(key, '7K3MQ9TZ0XWBH2R6'))).toBe(false);
    expect(sameCodeHash(hash, 'short')).toBe(false);
  });
});
