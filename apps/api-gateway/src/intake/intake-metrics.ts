import { Counter } from 'prom-client';

/** The web intake's counts (no labels that could name a reporter). */
export const intakeMetrics = {
  submissions: new Counter({
    name: 'orgo_intake_submissions_total',
    help: 'Web intake submissions by kind (report, follow_up) and outcome (accepted, honeypot)',
    labelNames: ['kind', 'outcome'] as const,
  }),
};
