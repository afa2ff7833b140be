import type { BusinessCalendar, OpeningInterval } from './business-calendar';
import { CLOCK_STOPPED, clockPaused, clockResumed, clockStarted, pauseClock, positionCalendar, positionClock, resumeClock, startClock, warningFraction } from './escalation-clock';
import type { PositionModel } from './organization';

const MIN = 60_000;
const nineToSix: OpeningInterval = [9 * 60, 18 * 60];
const office: BusinessCalendar = { timezone: 'America/Toronto', week: [[nineToSix], [nineToSix], [nineToSix], [nineToSix], [nineToSix], [], []], holidays: [] };
const at = (iso: string) => new Date(iso);

describe('escalation clock', () => {
  it('is due after the reactivity time in business time and warns at 80 % of it', () => {
    // Friday 17:55 EST, 10 minutes: due Monday 09:05, warned Monday 09:03 (8 minutes counted).
    const { dueAt, warnAt } = startClock(at('2026-11-27T22:55:00Z'), 10 * MIN, office);
    expect(dueAt.toISOString()).toBe('2026-11-30T14:05:00.000Z');
    expect(warnAt?.toISOString()).toBe('2026-11-30T14:03:00.000Z');
  });

  it('warns at the configured fraction, never for a zero reactivity, and not at all when warnings are off', () => {
    expect(startClock(at('2026-11-24T15:00:00Z'), 100 * MIN, null, 0.5).warnAt?.toISOString()).toBe('2026-11-24T15:50:00.000Z');
    expect(startClock(at('2026-11-24T15:00:00Z'), 0, office)).toEqual({ dueAt: at('2026-11-24T15:00:00Z'), warnAt: null });
    expect(startClock(at('2026-11-24T15:00:00Z'), 10 * MIN, null, null).warnAt).toBeNull();
  });

  it('pauses with the business time left and resumes with it, not with the whole reactivity time', () => {
    // Tuesday 10:00 EST, 60 minutes: due 11:00. On hold at 10:20 (40 minutes left), resumed at 16:00.
    const started = startClock(at('2026-11-24T15:00:00Z'), 60 * MIN, office);
    const remaining = pauseClock(at('2026-11-24T15:20:00Z'), started.dueAt, office);
    expect(remaining).toBe(40 * MIN);
    const resumed = resumeClock(at('2026-11-24T21:00:00Z'), remaining, 60 * MIN, office);
    expect(resumed.dueAt.toISOString()).toBe('2026-11-24T21:40:00.000Z');
    // The warning comes when 48 of the 60 minutes are spent: 28 minutes after resuming.
    expect(resumed.warnAt?.toISOString()).toBe('2026-11-24T21:28:00.000Z');
  });

  it('does not warn again when the warning time was spent before the pause', () => {
    const resumed = resumeClock(at('2026-11-24T21:00:00Z'), 5 * MIN, 60 * MIN, office);
    expect(resumed).toEqual({ dueAt: at('2026-11-24T21:05:00Z'), warnAt: null });
  });

  it('picks the position’s calendar, then the organization’s, then round the clock', () => {
    const positions: PositionModel[] = [
      { id: '1001.Ops.Oncall', level: 1001, role: 'Ops.Oncall', title: 'On call', holders: [], calendar: 'always' },
      { id: '1001.Ops.Night', level: 1001, role: 'Ops.Night', title: 'Night', holders: [], calendar: { ...office, week: office.week.slice().reverse() } },
      { id: '101.Ops', level: 101, role: 'Ops', title: 'Lead', holders: [] },
    ];
    expect(positionCalendar({ calendar: office, positions }, '1001.Ops.Oncall')).toEqual({ name: null, calendar: null });
    expect(positionCalendar({ calendar: office, positions }, '1001.Ops.Night')).toMatchObject({ name: '1001.Ops.Night' });
    expect(positionCalendar({ calendar: office, positions }, '101.Ops')).toEqual({ name: 'organization', calendar: office });
    expect(positionCalendar({ positions }, '101.Ops')).toEqual({ name: null, calendar: null });
    expect(warningFraction({})).toBe(0.8);
    expect(warningFraction({ warningFraction: null })).toBeNull();
  });
});

describe('task clock state', () => {
  const clock = { calendar: { name: 'organization', calendar: office }, fraction: 0.8 };

  it('starts, pauses with the business time left and resumes with it', () => {
    const started = clockStarted(at('2026-11-27T22:55:00Z'), 10 * MIN, clock);
    expect(started).toEqual({ nextDueAt: '2026-11-30T14:05:00.000Z', warnAt: '2026-11-30T14:03:00.000Z', pausedRemainingMs: null, calendar: 'organization' });
    // On hold Monday 09:01: 4 of the 10 minutes were left.
    const paused = clockPaused(at('2026-11-30T14:01:00Z'), started, clock);
    expect(paused).toEqual({ nextDueAt: null, warnAt: null, pausedRemainingMs: 4 * MIN, calendar: 'organization' });
    // Resumed at 10:00: due 10:04; the warning (after 8 of the 10 minutes) is 2 minutes after resuming.
    expect(clockResumed(at('2026-11-30T15:00:00Z'), paused.pausedRemainingMs, 10 * MIN, clock)).toEqual({
      nextDueAt: '2026-11-30T15:04:00.000Z',
      warnAt: '2026-11-30T15:02:00.000Z',
      pausedRemainingMs: null,
      calendar: 'organization',
    });
  });

  it('runs no clock without a reactivity time or time left', () => {
    expect(clockStarted(at('2026-11-27T22:55:00Z'), null, clock)).toEqual(CLOCK_STOPPED);
    expect(clockPaused(at('2026-11-27T22:55:00Z'), CLOCK_STOPPED, clock)).toEqual(CLOCK_STOPPED);
    expect(clockResumed(at('2026-11-27T22:55:00Z'), null, 10 * MIN, clock)).toEqual(CLOCK_STOPPED);
  });

  it('takes the position’s calendar and the organization’s warning share', () => {
    const positions: PositionModel[] = [{ id: '1', level: 1, role: null, title: 'Head', holders: [] }];
    expect(positionClock({ calendar: office, positions, warningFraction: 0.5 }, '1')).toEqual({ calendar: { name: 'organization', calendar: office }, fraction: 0.5 });
  });
});
