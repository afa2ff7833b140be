const QUIET_HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** A quiet-hours window in minutes since midnight; `end` before `start` crosses midnight (`22:00-07:00`). */
export interface QuietHoursWindow {
  start: number;
  end: number;
}

/**
 * What is wrong with a quiet-hours value (`22:00-07:00`, 24-hour clock, in the organization's time
 * zone; the end may be past midnight), or null when it is valid. The message says what to write.
 */
export function quietHoursProblem(value: unknown): string | null {
  if (typeof value !== 'string') return "quiet hours as a string 'HH:MM-HH:MM' such as '22:00-07:00' (quote it)";
  const match = QUIET_HOURS.exec(value.trim());
  if (!match) return "quiet hours as 'HH:MM-HH:MM' on a 24-hour clock, such as '22:00-07:00'";
  if (match[1] === match[3] && match[2] === match[4]) return "quiet hours whose start and end differ, such as '22:00-07:00' (leave quiet_hours out for none)";
  return null;
}

/** The window of a valid quiet-hours value; throws a RangeError naming the problem otherwise. */
export function parseQuietHours(value: string): QuietHoursWindow {
  const problem = quietHoursProblem(value);
  if (problem) throw new RangeError(`'${value}' is not valid: expected ${problem}`);
  const [, sh, sm, eh, em] = QUIET_HOURS.exec(value.trim())!.map(Number);
  return { start: sh * 60 + sm, end: eh * 60 + em };
}
