import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { leadingZeroBits, solveChallenge } from './proof-of-work';

describe('the intake proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x80]))).toBe(16);
    expect(leadingZeroBits(Uint8Array.from([0, 0x0f]))).toBe(12);
    expect(leadingZeroBits(Uint8Array.from([0xff]))).toBe(0);
  });

  it('finds a nonce the server accepts with one sha256', async () => {
    const nonce = await solveChallenge('abc.def', 10);
    const digest = createHash('sha256').update(`abc.def:${nonce}`).digest();
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(10);
  });
});
