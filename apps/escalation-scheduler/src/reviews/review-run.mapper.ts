import type {
  ReviewPatternOutcomeV1,
  ReviewPeriodKind,
  ReviewReportV1,
  ReviewRunSummaryV1,
  ReviewRunV1,
} from '@orgo/contracts';

import type { ReviewRunEntity } from './review-run.entity';

/** A stored run as the API shows it: the summary, and with `withReport` the whole report. */
export function toReviewRun(run: ReviewRunEntity, withReport: boolean): ReviewRunSummaryV1 | ReviewRunV1 {
  const report = JSON.parse(run.report) as ReviewReportV1;
  const summary: ReviewRunSummaryV1 = {
    id: run.id,
    organization: run.organization,
    period: run.period as ReviewPeriodKind,
    period_start: run.periodStart,
    period_end: run.periodEnd,
    as_of: run.asOf,
    trigger: run.trigger,
    actor: run.actor,
    created_at: run.createdAt,
    totals: report.totals,
    patterns: report.patterns.length,
    outcomes: JSON.parse(run.outcomes) as ReviewPatternOutcomeV1[],
  };
  return withReport ? { ...summary, report } : summary;
}
