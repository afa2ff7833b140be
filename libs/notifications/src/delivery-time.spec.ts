import { OrgoError } from '@orgo/domain';

import { deliveryTime, isUrgent } from './delivery-time';

const TORONTO = 'America/Toronto';
const daily = { daily_at: '08:00' };
const at = (iso: string) => new Date(iso);
const when = (now: string, prefs: { quiet_hours: string | null; digest: 'immediate' | 'hourly' | 'daily' }, urgent = false, zone = TORONTO) => {
  const result = deliveryTime(at(now), prefs, zone, urgent, daily);
  return { at: result.at.toISOString(), held: result.held };
};

describe('deliveryTime', () => {
  const quiet = { quiet_hours: '22:00-07:00', digest: 'immediate' as const };

  it('sends at once without quiet hours or digest', () => {
    expect(when('2026-11-24T15:00:00.000Z', { quiet_hours: null, digest: 'immediate' })).toEqual({ at: '2026-11-24T15:00:00.000Z', held: null });
  });

  it('holds inside quiet hours that cross midnight until they end, in the organization zone', () => {
    // 23:30 EST → 07:00 EST the next morning.
    expect(when('2026-11-25T04:30:00.000Z', quiet)).toEqual({ at: '2026-11-25T12:00:00.000Z', held: 'quiet_hours' });
    // 03:00 EST → 07:00 EST the same morning.
    expect(when('2026-11-25T08:00:00.000Z', quiet)).toEqual({ at: '2026-11-25T12:00:00.000Z', held: 'quiet_hours' });
    // 22:00 sharp is quiet; 07:00 sharp and 21:59 are not.
    expect(when('2026-11-25T03:00:00.000Z', quiet)).toEqual({ at: '2026-11-25T12:00:00.000Z', held: 'quiet_hours' });
    expect(when('2026-11-25T12:00:00.000Z', quiet)).toEqual({ at: '2026-11-25T12:00:00.000Z', held: null });
    expect(when('2026-11-25T02:59:00.000Z', quiet)).toEqual({ at: '2026-11-25T02:59:00.000Z', held: null });
  });

  it('holds inside quiet hours within one day', () => {
    expect(when('2026-11-24T17:30:00.000Z', { quiet_hours: '12:00-13:00', digest: 'immediate' })).toEqual({ at: '2026-11-24T18:00:00.000Z', held: 'quiet_hours' });
  });

  it('counts quiet hours in local time across a daylight-saving change', () => {
    // Autumn: 23:00 EDT on Oct 31 → 07:00 EST on Nov 1 (nine hours later, the clock fell back once).
    expect(when('2026-11-01T03:00:00.000Z', quiet)).toEqual({ at: '2026-11-01T12:00:00.000Z', held: 'quiet_hours' });
    // Spring: 23:00 EST on Mar 7 → 07:00 EDT on Mar 8 (seven hours later).
    expect(when('2026-03-08T04:00:00.000Z', quiet)).toEqual({ at: '2026-03-08T11:00:00.000Z', held: 'quiet_hours' });
    // Quiet hours ending inside the skipped hour (02:30 does not exist on Mar 8): released when the clock is past it, 03:30 EDT.
    expect(when('2026-03-08T06:00:00.000Z', { quiet_hours: '22:00-02:30', digest: 'immediate' })).toEqual({ at: '2026-03-08T07:30:00.000Z', held: 'quiet_hours' });
  });

  it('sends an urgent notification at once, through quiet hours and digests', () => {
    expect(when('2026-11-25T04:30:00.000Z', quiet, true)).toEqual({ at: '2026-11-25T04:30:00.000Z', held: null });
    expect(when('2026-11-25T04:30:00.000Z', { quiet_hours: '22:00-07:00', digest: 'daily' }, true)).toEqual({ at: '2026-11-25T04:30:00.000Z', held: null });
  });

  it('hourly digest: the next full hour of the zone', () => {
    expect(when('2026-11-24T15:17:00.000Z', { quiet_hours: null, digest: 'hourly' })).toEqual({ at: '2026-11-24T16:00:00.000Z', held: 'digest' });
    // On the hour: the next hour (the digest of this hour has gone).
    expect(when('2026-11-24T15:00:00.000Z', { quiet_hours: null, digest: 'hourly' })).toEqual({ at: '2026-11-24T16:00:00.000Z', held: 'digest' });
    // A zone half an hour off UTC: its full hours fall on :30 UTC.
    expect(when('2026-11-24T15:17:00.000Z', { quiet_hours: null, digest: 'hourly' }, false, 'Asia/Kolkata')).toEqual({ at: '2026-11-24T15:30:00.000Z', held: 'digest' });
  });

  it('hourly digest inside quiet hours waits for their end', () => {
    // 23:17 EST → the 00:00 digest falls in quiet hours → 07:00 EST.
    expect(when('2026-11-25T04:17:00.000Z', { quiet_hours: '22:00-07:00', digest: 'hourly' })).toEqual({ at: '2026-11-25T12:00:00.000Z', held: 'digest' });
  });

  it('daily digest: the next daily_at of the zone', () => {
    // 07:59 EST → 08:00 today; 08:00 sharp and 15:00 → 08:00 tomorrow.
    expect(when('2026-11-24T12:59:00.000Z', { quiet_hours: null, digest: 'daily' })).toEqual({ at: '2026-11-24T13:00:00.000Z', held: 'digest' });
    expect(when('2026-11-24T13:00:00.000Z', { quiet_hours: null, digest: 'daily' })).toEqual({ at: '2026-11-25T13:00:00.000Z', held: 'digest' });
    expect(when('2026-11-24T20:00:00.000Z', { quiet_hours: null, digest: 'daily' })).toEqual({ at: '2026-11-25T13:00:00.000Z', held: 'digest' });
    // Across the autumn change: 15:00 EDT Oct 31 → 08:00 EST Nov 1.
    expect(when('2026-10-31T19:00:00.000Z', { quiet_hours: null, digest: 'daily' })).toEqual({ at: '2026-11-01T13:00:00.000Z', held: 'digest' });
    // Quiet hours covering 08:00 push it to their end.
    expect(when('2026-11-24T20:00:00.000Z', { quiet_hours: '06:00-09:00', digest: 'daily' })).toEqual({ at: '2026-11-25T14:00:00.000Z', held: 'digest' });
  });

  it('refuses a bad daily time or time zone with a message saying what to write', () => {
    expect(() => deliveryTime(at('2026-11-24T15:00:00Z'), { quiet_hours: null, digest: 'daily' }, TORONTO, false, { daily_at: '8am' })).toThrow(OrgoError);
    expect(() => deliveryTime(at('2026-11-24T15:00:00Z'), { quiet_hours: null, digest: 'daily' }, TORONTO, false, { daily_at: '8am' })).toThrow(/'HH:MM'.*found '8am'/);
    expect(() => deliveryTime(at('2026-11-24T15:00:00Z'), { quiet_hours: null, digest: 'immediate' }, 'Mars/Olympus', false, daily)).toThrow(/IANA/);
  });

  it('counts priority critical and category 9 as urgent', () => {
    expect(isUrgent({ priority: 'critical', category: 8 })).toBe(true);
    expect(isUrgent({ priority: 'low', category: 9 })).toBe(true);
    expect(isUrgent({ priority: 'high', category: 8 })).toBe(false);
  });
});
