import { lockoutDelaySeconds, secondsUntil } from './lockout-delay';

const policy = { freeAttempts: 5, firstDelaySeconds: 1, maxDelaySeconds: 900 };

describe('lockoutDelaySeconds', () => {
  it('allows the free attempts, then locks for 1 s, 2 s, 4 s … capped at 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => lockoutDelaySeconds(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => lockoutDelaySeconds(n, policy))).toEqual([1, 2, 4, 8]);
    expect(lockoutDelaySeconds(15, policy)).toBe(900);
    expect(lockoutDelaySeconds(10_000, policy)).toBe(900);
  });

  it('starts from the configured first lock', () => {
    expect(lockoutDelaySeconds(5, { ...policy, firstDelaySeconds: 30 })).toBe(30);
    expect(lockoutDelaySeconds(6, { ...policy, firstDelaySeconds: 30 })).toBe(60);
  });
});

describe('secondsUntil', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  it('rounds up what is left, and is 0 once the lock has passed', () => {
    expect(secondsUntil('2026-01-01T00:00:00.200Z', now)).toBe(1);
    expect(secondsUntil('2026-01-01T00:00:04.000Z', now)).toBe(4);
    expect(secondsUntil('2025-12-31T23:59:59.000Z', now)).toBe(0);
    expect(secondsUntil(null, now)).toBe(0);
  });
});
