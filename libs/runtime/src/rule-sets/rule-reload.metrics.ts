import { Counter, Gauge } from 'prom-client';

/** Prometheus metrics of rule reloads while running, in the process's default registry (`/metrics`). */
export const ruleReloadMetrics = {
  reloads: new Counter({
    name: 'orgo_rules_reloads_total',
    help: 'Changes of rule files seen while running, by organization and outcome (reloaded, rejected: invalid, the rules in use kept)',
    labelNames: ['service', 'organization', 'outcome'] as const,
  }),
  stale: new Gauge({
    name: 'orgo_rules_stale',
    help: '1 while an organization runs on its last good rules because its changed rule files are invalid',
    labelNames: ['service', 'organization'] as const,
  }),
};
