import { Gauge } from 'prom-client';

/** Prometheus series of the audit chains, in the process's default registry (`/metrics`). */
export const auditChainMetrics = {
  broken: new Gauge({
    name: 'orgo_audit_chain_broken',
    help: "1 while a category's audit chain refuses to grow because its signed head is missing (AUDIT.HEAD_MISSING: tampering), 0 otherwise",
    labelNames: ['category'] as const,
    aggregator: 'max',
  }),
};
