import { Counter, Gauge } from 'prom-client';

/** Prometheus series of the audit trail's Elasticsearch index (SPEC §8). */
export const auditIndexMetrics = {
  indexed: new Counter({
    name: 'orgo_audit_indexed_entries_total',
    help: 'Audit entries Elasticsearch acknowledged, by category (an erasure or a retry counts again)',
    labelNames: ['category'] as const,
  }),
  failures: new Counter({
    name: 'orgo_audit_index_failures_total',
    help: 'Failed sends to the audit index, by kind (request: the whole request, nothing advanced; item: one entry, kept for a retry) and reason',
    labelNames: ['kind', 'reason'] as const,
  }),
  lag: new Gauge({
    name: 'orgo_audit_index_lag_entries',
    help: 'Audit entries not yet in the index (new ones and ones waiting for a retry), by category',
    labelNames: ['category'] as const,
  }),
};
