import { Counter, Histogram } from 'prom-client';

/** Prometheus metrics of the firing loop, in the process's default registry (`/metrics`). */
export const timerMetrics = {
  fired: new Counter({
    name: 'orgo_timers_fired_total',
    help: 'Timers claimed and turned into commands, by kind (escalation, warning)',
    labelNames: ['kind'] as const,
  }),
  lateness: new Histogram({
    name: 'orgo_timer_lateness_seconds',
    help: 'Claim time minus due time of each fired timer, by kind',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  }),
};
