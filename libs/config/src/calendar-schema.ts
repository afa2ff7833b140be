import { type BusinessCalendar, type BusinessHoliday, MINUTES_PER_DAY, type OpeningInterval, WEEKDAYS, type Weekday, calendarProblem, isTimeZone } from '@orgo/domain';

import { type Checker, join } from './checker';

const CALENDAR_KEYS = ['timezone', 'hours', 'holidays'];
const HOLIDAY_KEYS = ['date', 'name'];
const TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HOURS_HINT = 'write hours per day or range of days, e.g. hours: { mon-fri: "09:00-18:00", sat: "10:00-12:00" }; several intervals: "09:00-12:00, 13:00-17:00"';

/** What a position's calendar falls back to for the keys it leaves out. */
export interface CalendarDefaults {
  timezone: string;
  week?: OpeningInterval[][];
  holidays: BusinessHoliday[];
}

/**
 * `organization.calendar` or a position's `calendar` (SPEC §6 Business hours):
 * `{ timezone?, hours, holidays? }`. A position may write `calendar: always` (round the clock), and
 * its calendar's missing keys are the organization's. Returns undefined when absent or invalid
 * (the problem is recorded).
 */
export function checkCalendar(check: Checker, raw: unknown, path: string, defaults: CalendarDefaults, allowAlways: boolean): BusinessCalendar | 'always' | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (allowAlways && raw === 'always') return 'always';
  if (!check.isObject(raw)) {
    const always = allowAlways ? "'always' (round the clock) or " : '';
    check.issue(path, `${always}a mapping with keys ${CALENDAR_KEYS.join(', ')}`, raw, HOURS_HINT);
    return undefined;
  }
  const before = check.issues.length;
  const obj = check.object(raw, path, CALENDAR_KEYS, defaults.week ? [] : ['hours']) ?? {};
  let timezone = defaults.timezone;
  if (obj.timezone !== undefined) {
    const zone = check.string(obj.timezone, join(path, 'timezone'));
    if (zone && isTimeZone(zone)) timezone = zone;
    else if (zone) check.issue(join(path, 'timezone'), "an IANA time zone such as 'America/Toronto'", obj.timezone);
  }
  const week = obj.hours === undefined ? defaults.week : checkHours(check, obj.hours, join(path, 'hours'));
  const holidays = obj.holidays === undefined ? defaults.holidays : checkHolidays(check, obj.holidays, join(path, 'holidays'));
  if (check.issues.length > before || !week) return undefined;
  const calendar: BusinessCalendar = { timezone, week, holidays };
  const problem = calendarProblem(calendar);
  if (problem) {
    check.issue(join(path, 'hours'), problem, obj.hours ?? 'the organization’s hours', 'open at least one interval on one day, or leave the calendar out to count round the clock');
    return undefined;
  }
  return calendar;
}

/** `warn_at: 80%` (or 0.8, or `off`): when the assignee is warned before a breach; default 80 %. */
export function checkWarningFraction(check: Checker, raw: unknown, path: string): number | null | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'off' || raw === false) return null;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const fraction = typeof raw === 'number' ? raw : /^\d+(\.\d+)?\s*%$/.test(text) ? Number.parseFloat(text) / 100 : NaN;
  if (fraction > 0 && fraction < 1) return fraction;
  check.issue(path, "a share of the reactivity time between 0 and 100 % such as '80%' (or 0.8), or 'off'", raw, 'the assignee is warned when that share of the time is spent');
  return undefined;
}

/** `{ mon-fri: "09:00-18:00", sat: ["10:00-12:00"], sun: closed }` → seven sorted interval lists. */
function checkHours(check: Checker, raw: unknown, path: string): OpeningInterval[][] | undefined {
  if (!check.isObject(raw)) {
    check.issue(path, 'a mapping of days to opening hours', raw, HOURS_HINT);
    return undefined;
  }
  const week: OpeningInterval[][] = WEEKDAYS.map(() => []);
  const setBy = new Map<Weekday, string>();
  for (const [key, value] of Object.entries(raw)) {
    const keyPath = join(path, key);
    const days = parseDays(key);
    if (!days) {
      check.issue(keyPath, `a day or a range of days (${WEEKDAYS.join(', ')}; mon-fri; sat, sun)`, key, HOURS_HINT);
      continue;
    }
    const intervals = parseIntervals(check, value, keyPath);
    for (const day of days) {
      if (setBy.has(day)) check.issue(keyPath, `hours for ${day} given once`, key, `${day} already has hours under '${setBy.get(day)}'`);
      setBy.set(day, key);
      week[WEEKDAYS.indexOf(day)] = intervals;
    }
  }
  return week;
}

/** `mon`, `mon-fri`, `fri-mon` (wraps), `sat, sun` → the days; null when it names none. */
function parseDays(key: string): Weekday[] | null {
  const days: Weekday[] = [];
  for (const part of key.toLowerCase().split(',')) {
    const [first, last, extra] = part.trim().split('-').map((d) => d.trim()) as [Weekday, Weekday?, string?];
    const start = WEEKDAYS.indexOf(first);
    const end = last === undefined ? start : WEEKDAYS.indexOf(last);
    if (start < 0 || end < 0 || extra !== undefined) return null;
    for (let i = start; ; i = (i + 1) % 7) {
      days.push(WEEKDAYS[i]);
      if (i === end) break;
    }
  }
  return days;
}

function parseIntervals(check: Checker, value: unknown, path: string): OpeningInterval[] {
  if (value === 'closed') return [];
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
  if (!parts) {
    check.issue(path, "opening hours such as '09:00-18:00' (quoted), a list of them, or 'closed'", value, HOURS_HINT);
    return [];
  }
  const intervals: OpeningInterval[] = [];
  for (const part of parts) {
    const [from, to, extra] = part.split('-').map((t) => minutesOf(t.trim()));
    if (from === undefined || to === undefined || extra !== undefined || Number.isNaN(from) || Number.isNaN(to) || from >= MINUTES_PER_DAY || to <= from) {
      check.issue(path, "intervals 'HH:MM-HH:MM' that end after they start, within one day (24:00 at the latest)", part.trim(), 'a night shift is two intervals: "22:00-24:00" on one day and "00:00-06:00" on the next');
      return [];
    }
    intervals.push([from, to]);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  if (intervals.some((interval, i) => i > 0 && interval[0] < intervals[i - 1][1])) {
    check.issue(path, 'intervals that do not overlap', value, 'merge the overlapping intervals into one');
    return [];
  }
  return intervals;
}

function minutesOf(text: string): number {
  const m = TIME.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  return minutes <= MINUTES_PER_DAY ? minutes : NaN;
}

/** `["2026-12-25", { date: "2027-01-01", name: New Year }]`; an unquoted date (read by YAML as a date) is accepted. */
function checkHolidays(check: Checker, raw: unknown, path: string): BusinessHoliday[] {
  const holidays: BusinessHoliday[] = [];
  (check.list(raw, path) ?? []).forEach((entry, i) => {
    const entryPath = join(path, i);
    const obj = check.isObject(entry) && !(entry instanceof Date) ? check.object(entry, entryPath, HOLIDAY_KEYS, ['date']) : undefined;
    const value = obj ? obj.date : entry;
    const date = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : typeof value === 'string' && realDate(value.trim()) ? value.trim() : undefined;
    if (!date) {
      check.issue(obj ? join(entryPath, 'date') : entryPath, "a date 'YYYY-MM-DD' (or { date, name })", value);
      return;
    }
    const name = obj?.name === undefined ? undefined : check.string(obj.name, join(entryPath, 'name'));
    holidays.push(name ? { date, name } : { date });
  });
  return holidays;
}

function realDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
