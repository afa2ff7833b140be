import { OrgoError } from './errors';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: Record<string, number> = {
  ms: 1,
  s: SECOND, sec: SECOND, secs: SECOND, second: SECOND, seconds: SECOND,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR,
  d: DAY, day: DAY, days: DAY,
  w: 7 * DAY, wk: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY,
  mo: 30 * DAY, month: 30 * DAY, months: 30 * DAY,
  y: 365 * DAY, yr: 365 * DAY, year: 365 * DAY, years: 365 * DAY,
};

const EXAMPLES = "'30 seconds', '5m', '2 hours', '24h', '7 days', '1w', '6 months', '1h 30m'";
const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/g;

/**
 * Parses a duration such as `2 hours`, `24h`, `3 seconds`, `6 months` or `1h 30m` into
 * milliseconds. A bare number is seconds. A month is 30 days, a year 365 days.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (Number.isFinite(text) && text >= 0) return Math.round(text * SECOND);
    throw invalid(String(text));
  }
  if (typeof text !== 'string') throw invalid(String(text));
  const input = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(input)) return Math.round(Number(input) * SECOND);
  if (input.length === 0 || input.length > 100) throw invalid(text);
  let total = 0;
  let consumed = '';
  for (const match of input.matchAll(PART)) {
    const unit = UNITS[match[2]];
    if (unit === undefined) throw invalid(text, `unknown unit '${match[2]}'`);
    total += Number(match[1]) * unit;
    consumed += match[0];
  }
  if (consumed.replace(/\s+/g, '') !== input.replace(/[\s,]+|and/g, '')) throw invalid(text);
  return Math.round(total);
}

/** Like parseDuration, but undefined instead of an error. */
export function tryParseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

/** Formats milliseconds compactly: `2h`, `3s`, `1d 2h`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [['d', DAY], ['h', HOUR], ['m', MINUTE], ['s', SECOND]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 && parts.length === 0) parts.push(`${rest}ms`);
  return parts.join(' ');
}

function invalid(text: string, why?: string): OrgoError {
  return new OrgoError(
    'DURATION.INVALID',
    `'${text}' is not a duration${why ? ` (${why})` : ''}; write it like ${EXAMPLES}`,
    { found: text, retryable: false },
  );
}
