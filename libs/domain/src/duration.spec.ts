import { formatDuration, parseDuration, tryParseDuration } from './duration';
import { OrgoError } from './errors';

describe('parseDuration', () => {
  it.each([
    ['2 hours', 7_200_000],
    ['24h', 86_400_000],
    ['3 seconds', 3_000],
    ['6 months', 180 * 86_400_000],
    ['7 days', 7 * 86_400_000],
    ['1w', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['0s', 0],
    ['30m', 1_800_000],
    ['90 minutes', 5_400_000],
    ['1d', 86_400_000],
    ['1 year', 365 * 86_400_000],
    ['1.5h', 5_400_000],
    ['1h 30m', 5_400_000],
    ['1 hour and 30 minutes', 5_400_000],
    ['10 SEC', 10_000],
    ['45', 45_000],
    ['5 mins', 300_000],
    ['3 hrs', 10_800_000],
    ['2mo', 60 * 86_400_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('takes a number as seconds', () => {
    expect(parseDuration(3)).toBe(3000);
  });

  it.each(['', 'soon', 'indefinite', '2 fortnights', 'h2', '-5m', '5 m x', '1e9h'])('rejects %j with a clear error', (text) => {
    expect(() => parseDuration(text)).toThrow(OrgoError);
    try {
      parseDuration(text);
    } catch (error) {
      expect((error as OrgoError).code).toBe('DURATION.INVALID');
      expect((error as Error).message).toContain("'2 hours'");
    }
  });

  it('tryParseDuration answers undefined instead of throwing', () => {
    expect(tryParseDuration('4 hours')).toBe(14_400_000);
    expect(tryParseDuration('four hours')).toBeUndefined();
    expect(tryParseDuration({})).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [3000, '3s'],
    [7_200_000, '2h'],
    [93_600_000, '1d 2h'],
    [5_400_000, '1h 30m'],
    [250, '250ms'],
  ])('%d → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
