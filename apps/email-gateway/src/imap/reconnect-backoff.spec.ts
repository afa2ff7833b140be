import { ReconnectBackoff } from './reconnect-backoff';

describe('ReconnectBackoff', () => {
  it('doubles from the initial delay up to the cap, and starts again after a reset', () => {
    const backoff = new ReconnectBackoff(1000, 10_000, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoff.failures).toBe(6);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });

  it('adds at most a fifth of jitter and never exceeds the cap', () => {
    const backoff = new ReconnectBackoff(1000, 1500, () => 0.999);
    expect(backoff.next()).toBe(1200);
    expect(backoff.next()).toBe(1500);
  });

  it('waits the longest delay after a failure that will not go away by itself', () => {
    const backoff = new ReconnectBackoff(1000, 60_000, () => 0);
    expect(backoff.longest()).toBe(60_000);
  });
});
