import type {
  ReviewCountV1,
  ReviewEffectivenessV1,
  ReviewReportV1,
  ReviewTrendBucketV1,
} from '@orgo/contracts';
import { parseDuration } from '@orgo/domain';

import { caseRef, findPatterns } from './find-patterns';
import { type ReviewPeriod, trendBuckets } from './periods';
import type { ReviewCase } from './review-case';

export interface ReviewInput {
  organization: string;
  timezone: string;
  period: ReviewPeriod;
  /** The report's "as of" time (the period's end). */
  asOf: string;
  /** The organization's cases (investigations apart). */
  cases: ReviewCase[];
  /** Investigation tasks, for the effectiveness of earlier actions. */
  investigations?: ReviewCase[];
  sensitivity: { count: number; window: string };
  responsibleOf: (c: ReviewCase) => string;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

function counts(values: (string | number | null)[]): ReviewCountV1[] {
  const map = new Map<string, number>();
  for (const v of values) if (v !== null && v !== '') map.set(String(v), (map.get(String(v)) ?? 0) + 1);
  return [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(value * 10) / 10;
}

const hoursToResolve = (c: ReviewCase) =>
  c.completedAt ? (new Date(c.completedAt).getTime() - new Date(c.createdAt).getTime()) / HOUR : null;
const isCritical = (c: ReviewCase) => c.priority === 'critical' || c.severity === 'critical';
const within = (at: string | null, start: string, end: string) => at !== null && at >= start && at < end;
const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);

/**
 * A review's report (SPEC §6; docs/reviews.md): the period's new, unresolved, critical and stuck
 * cases, aggregates, a trend, rates, patterns and — for quarterly and yearly reviews — whether
 * earlier investigations worked. Pure: the same input gives the same report.
 */
export function buildReviewReport(input: ReviewInput): ReviewReportV1 {
  const { period, asOf } = input;
  const cases = [...input.cases]
    .filter((c) => c.type !== 'investigation')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const known = cases.filter((c) => c.createdAt < period.end);
  const fresh = known.filter((c) => c.createdAt >= period.start);
  const unresolved = known.filter((c) => c.open && !c.mergedInto);
  const stuck = unresolved.filter(
    (c) =>
      c.reactivityMs !== null &&
      new Date(asOf).getTime() - new Date(c.lastEventAt).getTime() > c.reactivityMs,
  );
  const resolved = known.filter((c) => within(c.completedAt, period.start, period.end));
  const trend: ReviewTrendBucketV1[] = trendBuckets(period, input.timezone).map((b) => {
    const created = fresh.filter((c) => within(c.createdAt, b.start, b.end));
    const done = known.filter((c) => within(c.completedAt, b.start, b.end));
    return {
      start: b.start,
      end: b.end,
      created: created.length,
      resolved: done.length,
      escalated: created.filter((c) => c.escalated).length,
      median_hours_to_resolve: median(done.map(hoursToResolve).filter((h): h is number => h !== null)),
    };
  });
  const patterns = findPatterns(cases, { ...input.sensitivity, asOf, responsibleOf: input.responsibleOf });
  return {
    schema: 'orgo.review/1',
    organization: input.organization,
    period: { kind: period.kind, start: period.start, end: period.end, timezone: input.timezone },
    as_of: asOf,
    totals: {
      new: fresh.length,
      resolved: resolved.length,
      unresolved: unresolved.length,
      critical: fresh.filter(isCritical).length,
      escalated: fresh.filter((c) => c.escalated).length,
      stuck: stuck.length,
    },
    new_cases: fresh.map(caseRef),
    unresolved: unresolved.map(caseRef),
    critical: fresh.filter(isCritical).map(caseRef),
    stuck: stuck.map(caseRef),
    aggregates: {
      department: counts(fresh.map((c) => c.department)),
      position: counts(fresh.map((c) => c.position)),
      category: counts(fresh.map((c) => c.category)),
      label: counts(fresh.map((c) => c.label)),
      type: counts(fresh.map((c) => (c.subtype ? `${c.type}/${c.subtype}` : c.type))),
      tag: counts(fresh.flatMap((c) => c.tags)),
      location: counts(fresh.flatMap((c) => c.location)),
      equipment: counts(fresh.flatMap((c) => c.equipment)),
    },
    trend,
    rates: {
      escalation_rate: ratio(fresh.filter((c) => c.escalated).length, fresh.length),
      resolution_rate: ratio(fresh.filter((c) => c.completedAt !== null).length, fresh.length),
      median_hours_to_resolve: median(fresh.map(hoursToResolve).filter((h): h is number => h !== null)),
    },
    patterns,
    effectiveness:
      period.kind === 'quarter' || period.kind === 'year'
        ? effectiveness(cases, input.investigations ?? [], input.sensitivity.window, asOf)
        : [],
  };
}

/** Similar cases in equal windows before an investigation opened and after it completed. */
function effectiveness(
  cases: ReviewCase[],
  investigations: ReviewCase[],
  window: string,
  asOf: string,
): ReviewEffectivenessV1[] {
  const windowMs = Math.max(DAY, parseDuration(window));
  const ofCluster = (cluster: string) => {
    const anchor = cluster.split('/').slice(2).join('/');
    const [type, subtype] = cluster.split('/');
    return cases.filter(
      (c) =>
        c.type === type &&
        (c.subtype ?? '-') === subtype &&
        [...c.location.map((l) => `location:${l}`), ...c.equipment.map((e) => `equipment:${e}`)].includes(
          anchor,
        ),
    );
  };
  return investigations
    .filter((i) => i.cluster && i.completedAt && i.completedAt <= asOf)
    .sort(
      (a, b) => (a.completedAt as string).localeCompare(b.completedAt as string) || a.id.localeCompare(b.id),
    )
    .map((i) => {
      const opened = new Date(i.createdAt).getTime();
      const closed = new Date(i.completedAt as string).getTime();
      const similar = ofCluster(i.cluster as string).map((c) => new Date(c.createdAt).getTime());
      const before = similar.filter((t) => t >= opened - windowMs && t < opened).length;
      const after = similar.filter((t) => t >= closed && t < closed + windowMs).length;
      const over = closed + windowMs <= new Date(asOf).getTime();
      return {
        investigation: {
          id: i.id,
          key: i.key,
          cluster: i.cluster as string,
          completed_at: i.completedAt as string,
        },
        window_days: Math.round(windowMs / DAY),
        before,
        after,
        verdict: over ? (after < before ? 'improved' : after === before ? 'unchanged' : 'worse') : null,
      };
    });
}
