import type { ReviewPeriodKind } from '@orgo/contracts';
import { DateTime } from 'luxon';

/** A review period: `start` inclusive, `end` exclusive, UTC ISO strings. */
export interface ReviewPeriod {
  kind: ReviewPeriodKind;
  start: string;
  end: string;
}

const UNIT: Record<ReviewPeriodKind, 'day' | 'week' | 'month' | 'quarter' | 'year'> = {
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

/** The period a profile's `review_frequency` reviews. */
export function periodKindOf(
  frequency: 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly',
): ReviewPeriodKind {
  return ({ daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year' } as const)[
    frequency
  ];
}

const iso = (d: DateTime) => d.toUTC().toISO() as string;

/** The period of `kind` containing `at`, in the time zone (weeks start on Monday 00:00, local time). */
export function periodContaining(kind: ReviewPeriodKind, at: string | Date, timezone: string): ReviewPeriod {
  const local = DateTime.fromJSDate(new Date(at), { zone: timezone });
  const start = local.startOf(UNIT[kind]);
  const end = start.plus({ [`${UNIT[kind]}s`]: 1 });
  return { kind, start: iso(start), end: iso(end) };
}

/** The period of `kind` that ends last at or before `at`. */
export function lastCompletedPeriod(
  kind: ReviewPeriodKind,
  at: string | Date,
  timezone: string,
): ReviewPeriod {
  const current = periodContaining(kind, at, timezone);
  if (current.start === new Date(at).toISOString()) {
    // `at` is exactly a boundary: the period that just ended.
    return periodContaining(kind, new Date(new Date(at).getTime() - 1), timezone);
  }
  return periodContaining(kind, new Date(new Date(current.start).getTime() - 1), timezone);
}

/** The sub-periods a report's trend is cut into: days of a week, weeks of a month, months of a quarter or year. */
export function trendBuckets(period: ReviewPeriod, timezone: string): { start: string; end: string }[] {
  const unit = ({ day: 'day', week: 'day', month: 'week', quarter: 'month', year: 'month' } as const)[
    period.kind
  ];
  const buckets: { start: string; end: string }[] = [];
  const end = DateTime.fromISO(period.end, { zone: timezone });
  let cursor = DateTime.fromISO(period.start, { zone: timezone });
  while (cursor < end) {
    const next = DateTime.min(cursor.startOf(unit).plus({ [`${unit}s`]: 1 }), end);
    buckets.push({ start: iso(cursor), end: iso(next) });
    cursor = next;
  }
  return buckets;
}
