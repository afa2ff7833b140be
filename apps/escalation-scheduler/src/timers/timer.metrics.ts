import { Counter, Gauge, Histogram } from 'prom-client';

/** The kinds of timer the scheduler fires (the `kind` label). */
export type TimerKind = 'escalation' | 'warning';
const KINDS: readonly TimerKind[] = ['escalation', 'warning'];

/** Reads, from the timer store, the age in seconds of the oldest due and unfired timer of each kind. */
export type OverdueTimersSource = () => Promise<Record<TimerKind, number>>;

const overdueSources = new Set<OverdueTimersSource>();

/**
 * Makes `/metrics` show `orgo_timers_oldest_overdue_seconds`, read from `source` at each scrape
 * (the firing service registers itself while it runs); returns the function that stops it.
 */
export function watchOverdueTimers(source: OverdueTimersSource): () => void {
  overdueSources.add(source);
  return () => overdueSources.delete(source);
}

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
  oldestOverdue: new Gauge({
    name: 'orgo_timers_oldest_overdue_seconds',
    help: 'Age of the oldest timer that is due and not fired yet, by kind (0 when none is due; read from the timer store at each scrape)',
    labelNames: ['kind'] as const,
    // Every replica reads the same store: one age, not their sum.
    aggregator: 'max',
    async collect() {
      const readings = await Promise.all([...overdueSources].map((read) => read().catch(() => null)));
      this.reset();
      for (const kind of KINDS) {
        const ages = readings.flatMap((r) => (r ? [r[kind]] : []));
        if (ages.length > 0) this.set({ kind }, Math.max(...ages));
      }
    },
  }),
};
