import { etaAt } from './eta';

const NOW = new Date('2026-12-03T09:00:00.000Z');

describe('etaAt', () => {
  it('counts a duration from now, in the words a reply uses', () => {
    expect(etaAt('30 minutes', NOW)).toBe('2026-12-03T09:30:00.000Z');
    expect(etaAt('in 2 hours', NOW)).toBe('2026-12-03T11:00:00.000Z');
    expect(etaAt('1h 30m', NOW)).toBe('2026-12-03T10:30:00.000Z');
  });

  it('takes an ISO-8601 date-time with its offset as it is', () => {
    expect(etaAt('2026-12-04T10:00:00+01:00', NOW)).toBe('2026-12-04T09:00:00.000Z');
    expect(etaAt('2026-12-04T10:00Z', NOW)).toBe('2026-12-04T10:00:00.000Z');
  });

  it('places nothing it cannot read: a clock time without a day, words, an impossible date', () => {
    expect(etaAt('14:30', NOW)).toBeNull();
    expect(etaAt('tomorrow', NOW)).toBeNull();
    expect(etaAt('2026-13-45T10:00:00Z', NOW)).toBeNull();
  });
});
