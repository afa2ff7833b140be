import { DateTime } from 'luxon';

import { OrgoError } from './errors';

/** Minutes in a day: an opening interval ends at most at 24:00. */
export const MINUTES_PER_DAY = 1440;

/** The weekdays in calendar order; index 0 is Monday (luxon's weekday 1). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An opening interval of one day: `[from, to)` in minutes after local midnight (`to` ≤ 1440). */
export type OpeningInterval = [from: number, to: number];

export interface BusinessHoliday {
  /** Local date, `YYYY-MM-DD`: the whole day is closed. */
  date: string;
  name?: string;
}

/**
 * When an organization (or a position) works (SPEC §6 Business hours): opening intervals per
 * weekday in its time zone, and holidays. Plain data, so it travels in the organization model and
 * the shared cache. Reactivity counted against a calendar counts open time only.
 */
export interface BusinessCalendar {
  /** IANA time zone the hours and holidays are read in. */
  timezone: string;
  /** Seven lists (Monday first) of sorted, non-overlapping opening intervals; an empty list is a closed day. */
  week: OpeningInterval[][];
  holidays: BusinessHoliday[];
}

/** Whether `zone` is an IANA time zone luxon can count in (`America/Toronto`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** Why a calendar cannot count business time (no open hour in its week, a bad zone), or null when it can. */
export function calendarProblem(calendar: BusinessCalendar): string | null {
  if (!isTimeZone(calendar.timezone)) return `time zone '${calendar.timezone}' is not an IANA time zone`;
  if (calendar.week.length !== 7) return 'opening hours for the seven days of the week';
  for (const day of calendar.week) {
    let end = 0;
    for (const [from, to] of day) {
      if (!(from >= end && to > from && to <= MINUTES_PER_DAY)) return 'sorted, non-overlapping opening intervals within a day';
      end = to;
    }
  }
  if (calendar.week.every((day) => day.length === 0)) return 'at least one opening interval in the week (a calendar with no open hours never counts time)';
  return null;
}

/** What counting needs from a calendar, worked out once per calendar object. */
const prepared = new WeakMap<BusinessCalendar, { holidays: Set<string>; problem: string | null }>();

function prepare(calendar: BusinessCalendar): { holidays: Set<string>; problem: string | null } {
  let entry = prepared.get(calendar);
  if (!entry) prepared.set(calendar, (entry = { holidays: new Set(calendar.holidays.map((h) => h.date)), problem: calendarProblem(calendar) }));
  if (entry.problem) throw new OrgoError('CALENDAR.INVALID', `The business calendar cannot count time: expected ${entry.problem}`, { retryable: false });
  return entry;
}

/** The open intervals of one local day, as epoch milliseconds (a holiday has none). */
function openIntervals(day: DateTime, calendar: BusinessCalendar): [number, number][] {
  if (prepare(calendar).holidays.has(day.toISODate() as string)) return [];
  return calendar.week[day.weekday - 1].map(([from, to]) => [wallTime(day, from, 'first'), wallTime(day, to, 'last')]);
}

/**
 * The instant a day's wall clock reads `minutes` after midnight. A time skipped by a
 * daylight-saving change falls forward; a time that happens twice is its first occurrence for an
 * opening and its last for a closing, so an interval lasts as long as the wall clock shows.
 */
function wallTime(day: DateTime, minutes: number, occurrence: 'first' | 'last'): number {
  if (minutes >= MINUTES_PER_DAY) return nextDay(day).toMillis();
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const time = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: day.zone });
  const other = occurrence === 'first' ? time.minus({ hours: 1 }) : time.plus({ hours: 1 });
  return other.hour === hour && other.minute === minute && other.day === day.day ? other.toMillis() : time.toMillis();
}

function localDay(instant: number, calendar: BusinessCalendar): DateTime {
  prepare(calendar);
  return DateTime.fromMillis(instant, { zone: calendar.timezone }).startOf('day');
}

function nextDay(day: DateTime): DateTime {
  return day.plus({ days: 1 }).startOf('day');
}

/**
 * The instant when `ms` of business time have passed since `start`: round the clock when
 * `calendar` is null; otherwise only open time counts, so counting from a closed moment starts at
 * the next opening (Friday 17:55 + 10 min in a Mon–Fri 09:00–18:00 calendar is Monday 09:05).
 * Zero time is due at `start` itself. Daylight-saving changes count as the clock on the wall shows.
 */
export function addBusinessTime(start: Date, ms: number, calendar: BusinessCalendar | null): Date {
  const from = start.getTime();
  if (!calendar || ms <= 0) return new Date(from + Math.max(0, ms));
  let remaining = ms;
  // A week without an opening is refused above, so a run of closed days is a week plus the holidays.
  const closedDaysLimit = 7 + calendar.holidays.length;
  let closedDays = 0;
  for (let day = localDay(from, calendar); ; day = nextDay(day)) {
    const intervals = openIntervals(day, calendar);
    closedDays = intervals.length ? 0 : closedDays + 1;
    if (closedDays > closedDaysLimit) throw new OrgoError('CALENDAR.NO_OPEN_HOURS', 'The business calendar has no open hour left to count time in', { retryable: false });
    for (const [open, close] of intervals) {
      const begin = Math.max(open, from);
      if (close <= begin) continue;
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
}

/** The business time from `a` to `b` in milliseconds (0 when `b` is not after `a`); round the clock when `calendar` is null. */
export function businessTimeBetween(a: Date, b: Date, calendar: BusinessCalendar | null): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  if (!calendar) return to - from;
  let total = 0;
  for (let day = localDay(from, calendar); day.toMillis() < to; day = nextDay(day)) {
    for (const [open, close] of openIntervals(day, calendar)) total += Math.max(0, Math.min(close, to) - Math.max(open, from));
  }
  return total;
}
