import type { ReviewPatternV1, ReviewPeriodKind, ReviewReportV1 } from '../review/review-report';

/** What became of a pattern in a run, by the organization's automation level (SPEC §6). */
export interface ReviewPatternOutcomeV1 {
  cluster: string;
  /** `opened` (automatic), `proposed` (assisted: waits for a person to confirm), `reported` (manual), `joined` (an open investigation took the new cases), `already_open` (its investigation is open and has every case). */
  outcome: 'opened' | 'proposed' | 'reported' | 'joined' | 'already_open';
  /** The investigation task, when one was opened, proposed or joined. */
  investigation_id: string | null;
}

/** A review run as lists show it. */
export interface ReviewRunSummaryV1 {
  id: string;
  organization: string;
  period: ReviewPeriodKind;
  period_start: string;
  period_end: string;
  as_of: string;
  /** `schedule`: the scheduler's own run for the period; `manual`: `POST /reviews/run` or `orgo review run`. */
  trigger: 'schedule' | 'manual';
  /** Who asked for a manual run (a user's email), or `escalation-scheduler`. */
  actor: string;
  created_at: string;
  totals: ReviewReportV1['totals'];
  patterns: number;
  outcomes: ReviewPatternOutcomeV1[];
}

export interface ReviewRunV1 extends ReviewRunSummaryV1 {
  report: ReviewReportV1;
}

/** `rpc.review.list`. `scope`: the organizations the caller may read (null: all). */
export interface ReviewListQueryV1 {
  organization?: string;
  period?: ReviewPeriodKind;
  scope: string[] | null;
  page: number;
  page_size: number;
}

export interface ReviewListResultV1 {
  items: ReviewRunSummaryV1[];
  total: number;
  page: number;
  page_size: number;
}

/** `rpc.review.get` and `rpc.review.html`. */
export interface ReviewGetQueryV1 {
  id: string;
  scope: string[] | null;
}

export interface ReviewHtmlV1 {
  id: string;
  html: string;
}

/**
 * `rpc.review.run` (`POST /reviews/run`, `orgo review run`): review the period of `period` that
 * ends last at or before `at` (default now) and store it as a manual run. Patterns it finds act as
 * in a scheduled run (investigations by automation level) — once per cluster, whoever runs it.
 */
export interface ReviewRunRequestV1 {
  organization: string;
  period: ReviewPeriodKind;
  at?: string;
  scope: string[] | null;
  actor: string;
}

/** escalation-scheduler → notifier, audit-log (`review.completed`): a run is stored; mail its report. */
export interface ReviewCompletedV1 {
  runId: string;
  organization: string;
  period: ReviewPeriodKind;
  periodStart: string;
  periodEnd: string;
  trigger: 'schedule' | 'manual';
  /** Positions that receive the report: leadership (levels 1–9) and the heads responsible for its patterns. */
  recipients: string[];
  subject: string;
  /** The report's HTML and JSON, as stored (no reporter identities). */
  html: string;
  report: ReviewReportV1;
  patterns: ReviewPatternV1[];
  /** What became of each pattern (investigations by automation level). */
  outcomes: ReviewPatternOutcomeV1[];
}
