import { createHash } from 'node:crypto';

import { challengeFingerprint, issueChallenge, leadingZeroBits, solveChallenge, verifyProofOfWork } from './proof-of-work';

const KEY = Buffer.alloc(32, 7);
const NOW = new Date('2026-12-03T09:00:00Z');

describe('proof of work', () => {
  it('counts the leading zero bits of a digest', () => {
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x00, 0x80]))).toBe(16);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x1f]))).toBe(11);
    expect(leadingZeroBits(Uint8Array.from([0xff]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array(4))).toBe(32);
  });

  it('accepts a solved challenge for its scope until it expires', () => {
    const challenge = issueChallenge(KEY, 'northside/Ops.Maintenance', 8, 600, NOW);
    expect(challenge.token).toMatch(/^v1\.\d+\.8\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const nonce = solveChallenge(challenge.token, 8);
    expect(leadingZeroBits(createHash('sha256').update(`${challenge.token}:${nonce}`).digest())).toBeGreaterThanOrEqual(8);
    expect(verifyProofOfWork(KEY, 'northside/Ops.Maintenance', challenge.token, nonce, NOW)).toEqual({ ok: true, expiresAt: challenge.expiresAt });
    expect(verifyProofOfWork(KEY, 'northside/Ops.Maintenance', challenge.token, nonce, new Date(NOW.getTime() + 600_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token of another scope, another key, an edited difficulty, or too little work', () => {
    const challenge = issueChallenge(KEY, 'a/B', 12, 600, NOW);
    const nonce = solveChallenge(challenge.token, 12);
    expect(verifyProofOfWork(KEY, 'a/C', challenge.token, nonce, NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyProofOfWork(Buffer.alloc(32, 8), 'a/B', challenge.token, nonce, NOW)).toEqual({ ok: false, reason: 'forged' });
    const easier = challenge.token.replace('.12.', '.1.');
    expect(verifyProofOfWork(KEY, 'a/B', easier, solveChallenge(easier, 1), NOW)).toEqual({ ok: false, reason: 'forged' });
    let wrong = 0;
    while (leadingZeroBits(createHash('sha256').update(`${challenge.token}:${wrong}`).digest()) >= 12) wrong++;
    expect(verifyProofOfWork(KEY, 'a/B', challenge.token, String(wrong), NOW)).toEqual({ ok: false, reason: 'insufficient' });
  });

  it('refuses what is not a token or a nonce', () => {
    expect(verifyProofOfWork(KEY, 's', 'nonsense', '1', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyProofOfWork(KEY, 's', issueChallenge(KEY, 's', 4, 60, NOW).token, 'no spaces', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyProofOfWork(KEY, 's', undefined, undefined, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('fingerprints tokens without keeping them', () => {
    expect(challengeFingerprint('v1.x')).toHaveLength(64);
    expect(challengeFingerprint('v1.x')).not.toBe(challengeFingerprint('v1.y'));
  });
});
