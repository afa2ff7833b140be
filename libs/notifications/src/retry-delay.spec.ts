import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  const delays = [1000, 10_000, 60_000];

  it('gives the delay before each retry, then null when the retries are spent', () => {
    expect(retryDelayMs(1, delays)).toBe(1000);
    expect(retryDelayMs(2, delays)).toBe(10_000);
    expect(retryDelayMs(3, delays)).toBe(60_000);
    expect(retryDelayMs(4, delays)).toBeNull();
    expect(retryDelayMs(1, [])).toBeNull();
  });

  it('refuses an attempt number that is not a whole number from 1', () => {
    expect(() => retryDelayMs(0, delays)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5, delays)).toThrow(/whole number/);
  });
});
