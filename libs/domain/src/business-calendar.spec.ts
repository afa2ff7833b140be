import { type BusinessCalendar, type OpeningInterval, addBusinessTime, businessTimeBetween, calendarProblem } from './business-calendar';
import { OrgoError } from './errors';

const MIN = 60_000;
const HOUR = 60 * MIN;
const nineToSix: OpeningInterval = [9 * 60, 18 * 60];
/** Mon–Fri 09:00–18:00 in Toronto (EST −05:00 in November, EDT −04:00 from 14 March 2027). */
const office = (holidays: BusinessCalendar['holidays'] = []): BusinessCalendar => ({
  timezone: 'America/Toronto',
  week: [[nineToSix], [nineToSix], [nineToSix], [nineToSix], [nineToSix], [], []],
  holidays,
});
const at = (iso: string) => new Date(iso);

describe('addBusinessTime', () => {
  it('carries Friday 17:55 + 10 minutes over the weekend to Monday 09:05', () => {
    // Friday 27 November 2026 17:55 EST = 22:55Z; Monday 30 November 09:05 EST = 14:05Z.
    expect(addBusinessTime(at('2026-11-27T22:55:00Z'), 10 * MIN, office()).toISOString()).toBe('2026-11-30T14:05:00.000Z');
  });

  it('skips a holiday Monday to Tuesday 09:05', () => {
    const calendar = office([{ date: '2026-11-30', name: 'Founders day' }]);
    expect(addBusinessTime(at('2026-11-27T22:55:00Z'), 10 * MIN, calendar).toISOString()).toBe('2026-12-01T14:05:00.000Z');
  });

  it('starts counting at the next opening when it starts outside the hours', () => {
    // Tuesday 06:00 EST → counting starts at 09:00: 30 minutes later is 09:30.
    expect(addBusinessTime(at('2026-11-24T11:00:00Z'), 30 * MIN, office()).toISOString()).toBe('2026-11-24T14:30:00.000Z');
    // Saturday noon → Monday 09:30.
    expect(addBusinessTime(at('2026-11-28T17:00:00Z'), 30 * MIN, office()).toISOString()).toBe('2026-11-30T14:30:00.000Z');
  });

  it('counts within a day and across several days of hours', () => {
    expect(addBusinessTime(at('2026-11-24T15:00:00Z'), 2 * HOUR, office()).toISOString()).toBe('2026-11-24T17:00:00.000Z');
    // Tuesday 10:00 + 20 h of business time: 8 h Tuesday, 9 h Wednesday, 3 h Thursday → Thursday 12:00.
    expect(addBusinessTime(at('2026-11-24T15:00:00Z'), 20 * HOUR, office()).toISOString()).toBe('2026-11-26T17:00:00.000Z');
  });

  it('is due at closing time when the time ends exactly there', () => {
    expect(addBusinessTime(at('2026-11-27T22:50:00Z'), 10 * MIN, office()).toISOString()).toBe('2026-11-27T23:00:00.000Z');
  });

  it('counts several intervals a day (a lunch break does not count)', () => {
    const split: BusinessCalendar = { timezone: 'UTC', week: Array.from({ length: 7 }, () => [[9 * 60, 12 * 60], [13 * 60, 17 * 60]] as OpeningInterval[]), holidays: [] };
    expect(addBusinessTime(at('2026-11-24T11:30:00Z'), HOUR, split).toISOString()).toBe('2026-11-24T13:30:00.000Z');
  });

  it('counts round the clock without a calendar, and zero time is due at once', () => {
    expect(addBusinessTime(at('2026-11-27T22:55:00Z'), 10 * MIN, null).toISOString()).toBe('2026-11-27T23:05:00.000Z');
    expect(addBusinessTime(at('2026-11-28T17:00:00Z'), 0, office()).toISOString()).toBe('2026-11-28T17:00:00.000Z');
  });

  it('follows the wall clock across a daylight-saving change', () => {
    // Friday 12 March 2027 17:00 EST (22:00Z) + 2 h: 1 h on Friday, 1 h on Monday 15 March, now EDT → 10:00 EDT = 14:00Z.
    expect(addBusinessTime(at('2027-03-12T22:00:00Z'), 2 * HOUR, office()).toISOString()).toBe('2027-03-15T14:00:00.000Z');
    // An always-open calendar counts the real hours of the short Sunday: Saturday 12:00 EST + 24 h = Sunday 13:00 EDT.
    const always: BusinessCalendar = { timezone: 'America/Toronto', week: Array.from({ length: 7 }, () => [[0, 1440]] as OpeningInterval[]), holidays: [] };
    expect(addBusinessTime(at('2027-03-13T17:00:00Z'), 24 * HOUR, always).toISOString()).toBe('2027-03-14T17:00:00.000Z');
  });

  it('refuses a calendar with no open hours instead of looping', () => {
    const closed: BusinessCalendar = { timezone: 'UTC', week: [[], [], [], [], [], [], []], holidays: [] };
    expect(calendarProblem(closed)).toMatch(/at least one opening interval/);
    expect(() => addBusinessTime(at('2026-11-24T00:00:00Z'), MIN, closed)).toThrow(OrgoError);
  });
});

describe('businessTimeBetween', () => {
  it('counts only open time', () => {
    // Friday 17:55 → Monday 09:05: 5 minutes on Friday and 5 on Monday.
    expect(businessTimeBetween(at('2026-11-27T22:55:00Z'), at('2026-11-30T14:05:00Z'), office())).toBe(10 * MIN);
    expect(businessTimeBetween(at('2026-11-28T10:00:00Z'), at('2026-11-29T10:00:00Z'), office())).toBe(0);
  });

  it('is the inverse of addBusinessTime', () => {
    const start = at('2026-11-25T20:17:00Z');
    for (const ms of [MIN, 45 * MIN, 9 * HOUR, 31 * HOUR]) expect(businessTimeBetween(start, addBusinessTime(start, ms, office()), office())).toBe(ms);
  });

  it('skips holidays, is zero backwards and real time without a calendar', () => {
    const calendar = office([{ date: '2026-11-30' }]);
    expect(businessTimeBetween(at('2026-11-30T14:00:00Z'), at('2026-11-30T20:00:00Z'), calendar)).toBe(0);
    expect(businessTimeBetween(at('2026-11-30T20:00:00Z'), at('2026-11-30T14:00:00Z'), office())).toBe(0);
    expect(businessTimeBetween(at('2026-11-28T10:00:00Z'), at('2026-11-28T11:00:00Z'), null)).toBe(HOUR);
  });

  it('counts the real length of an interval on a daylight-saving day', () => {
    // Sunday 14 March 2027 01:00–04:00 on the wall is 2 real hours (02:00 EST jumps to 03:00 EDT);
    // Sunday 7 November 2027 01:00–04:00 is 4 (01:00–02:00 happens twice).
    const night: BusinessCalendar = { timezone: 'America/Toronto', week: [[], [], [], [], [], [], [[60, 240]]], holidays: [] };
    expect(businessTimeBetween(at('2027-03-14T00:00:00Z'), at('2027-03-15T00:00:00Z'), night)).toBe(2 * HOUR);
    expect(businessTimeBetween(at('2027-11-07T00:00:00Z'), at('2027-11-08T00:00:00Z'), night)).toBe(4 * HOUR);
  });
});
