import { REVIEW_PERIOD_KINDS, type ReviewPeriodKind, type ReviewRunV1 } from '@orgo/contracts';
import type { Command } from 'commander';

import { apiSession } from './api-session';
import { failWith } from './fail';

interface ReviewRunOptions {
  org: string;
  period: string;
  at?: string;
  url: string;
  json?: boolean;
}

/**
 * `orgo review run --org SLUG --period week|month|year [--at DATE]` (SPEC §7): runs a review on the
 * running Orgo through its API (`POST /api/v1/reviews/run`) and prints its totals and patterns. The
 * same data and the same period give the same report; a pattern's investigation opens once.
 */
export function registerReview(program: Command, env: Record<string, string | undefined>): void {
  const review = program.command('review').description('periodic reviews: reports and recurring patterns');
  review
    .command('run')
    .description(
      'review the period (day, week, month, quarter, year) that ended last at or before --at (default now)',
    )
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--period <period>', REVIEW_PERIOD_KINDS.join(' | '))
    .option('--at <date>', 'ISO 8601 date or date-time, e.g. 2026-11-30')
    .option('--url <url>', 'the Orgo API', env.ORGO_URL ?? 'http://127.0.0.1:3000')
    .option('--json', 'print the stored run as JSON')
    .action(async (opts: ReviewRunOptions) => {
      if (!REVIEW_PERIOD_KINDS.includes(opts.period as ReviewPeriodKind))
        failWith(`--period must be one of ${REVIEW_PERIOD_KINDS.join(', ')}; found '${opts.period}'`, 2);
      if (opts.at !== undefined && Number.isNaN(new Date(opts.at).getTime()))
        failWith(
          `--at must be an ISO 8601 date or date-time (2026-11-30, 2026-11-30T08:00:00Z); found '${opts.at}'`,
          2,
        );
      const call = await apiSession(opts.url, env);
      const res = await call<ReviewRunV1 & { message?: string }>('POST', '/api/v1/reviews/run', {
        organization: opts.org,
        period: opts.period,
        ...(opts.at ? { at: opts.at } : {}),
      });
      if (res.status !== 201)
        failWith(`The review did not run (${res.status}): ${res.body.message ?? ''}`, 1);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(res.body)}\n`);
      const run = res.body;
      const t = run.totals;
      process.stdout.write(
        `Review ${run.id}: ${run.organization}, ${run.period} ${run.period_start} – ${run.period_end}\n` +
          `  new ${t.new}, resolved ${t.resolved}, unresolved ${t.unresolved}, critical ${t.critical}, escalated ${t.escalated}, stuck ${t.stuck}\n`,
      );
      if (run.outcomes.length === 0) process.stdout.write('  No pattern reached the threshold.\n');
      for (const o of run.outcomes)
        process.stdout.write(
          `  pattern ${o.cluster}: ${o.outcome}${o.investigation_id ? ` (investigation ${o.investigation_id})` : ''}\n`,
        );
      process.stdout.write(`  Report: ${opts.url}/api/v1/reviews/${run.id}/report.html\n`);
    });
}
