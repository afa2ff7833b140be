/**
 * A review run's report (SPEC §6 "Reviews and patterns", docs/reviews.md): what the
 * escalation-scheduler stores per run, the API returns and the report mail renders. Version 1
 * (`schema: 'orgo.review/1'`). More fields may be added; none may change meaning. It names cases
 * by id, key, title and labels only — never a reporter; a sensitive case shows its key, not its title.
 */
export type ReviewPeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year';

export const REVIEW_PERIOD_KINDS: readonly ReviewPeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];

/** One case as a report lists it. */
export interface ReviewCaseRefV1 {
  id: string;
  key: string;
  /** The task's title; `null` for a sensitive case. */
  title: string | null;
  type: string;
  subtype: string | null;
  label: string;
  status: string;
  priority: string;
  severity: string | null;
  created_at: string;
}

export interface ReviewCountV1 {
  key: string;
  count: number;
}

/** Similar cases that reached the organization's pattern sensitivity (`count` in `window`). */
export interface ReviewPatternV1 {
  /** Stable for the same cases' common ground: `<type>/<subtype>/<anchor>` (e.g. `maintenance/slip/location:lobby`). */
  cluster: string;
  type: string;
  subtype: string | null;
  /** What the cases share: tags (`location:lobby`, `equipment:dishwasher`) or keywords. */
  shared: string[];
  /** The cases of the window, oldest first. */
  cases: ReviewCaseRefV1[];
  /** The sensitivity crossed, e.g. `{ count: 3, window: '30d' }`. */
  threshold: { count: number; window: string };
  /** The time the threshold was first reached (the created_at of the `count`-th case in a window). */
  crossed_at: string;
  /** The position the investigation goes to (the department head of the cases' positions). */
  responsible: string;
}

/** One bucket of a trend series (a week of a month review, a month of a year review). */
export interface ReviewTrendBucketV1 {
  start: string;
  end: string;
  created: number;
  resolved: number;
  escalated: number;
  /** Median hours from creation to completion of the bucket's cases that completed, or null. */
  median_hours_to_resolve: number | null;
}

/** Did similar incidents drop after an earlier investigation? (yearly and quarterly reviews). */
export interface ReviewEffectivenessV1 {
  /** The investigation task. */
  investigation: { id: string; key: string; cluster: string; completed_at: string };
  /** Length of each comparison window (the same before and after), in days. */
  window_days: number;
  /** Similar cases in the window before the investigation opened, and after it completed. */
  before: number;
  after: number;
  /** `after < before`: improved; equal: unchanged; more: worse. Null when the after-window is not over yet. */
  verdict: 'improved' | 'unchanged' | 'worse' | null;
}

export interface ReviewReportV1 {
  schema: 'orgo.review/1';
  organization: string;
  period: { kind: ReviewPeriodKind; start: string; end: string; timezone: string };
  /** The report's "as of" time (the period's end, or `--at`): the same data and the same time give the same report. */
  as_of: string;
  totals: {
    new: number;
    resolved: number;
    unresolved: number;
    critical: number;
    escalated: number;
    stuck: number;
  };
  /** Cases created in the period, oldest first. */
  new_cases: ReviewCaseRefV1[];
  /** Cases open at the end of the period. */
  unresolved: ReviewCaseRefV1[];
  /** Cases of the period with priority or severity critical. */
  critical: ReviewCaseRefV1[];
  /** Open cases with no event for longer than their reactivity time. */
  stuck: ReviewCaseRefV1[];
  /** Counts of the period's new cases per dimension. */
  aggregates: {
    department: ReviewCountV1[];
    position: ReviewCountV1[];
    category: ReviewCountV1[];
    label: ReviewCountV1[];
    type: ReviewCountV1[];
    tag: ReviewCountV1[];
    location: ReviewCountV1[];
    equipment: ReviewCountV1[];
  };
  /** Per sub-period of the period (days of a week, weeks of a month, months of a quarter or year). */
  trend: ReviewTrendBucketV1[];
  /** Rates over the period's new cases. */
  rates: {
    escalation_rate: number | null;
    resolution_rate: number | null;
    median_hours_to_resolve: number | null;
  };
  patterns: ReviewPatternV1[];
  effectiveness: ReviewEffectivenessV1[];
}
