import { Counter, Gauge } from 'prom-client';

/** Prometheus metrics of the shared cache, in the process's default registry (served at /metrics). */
export const cacheMetrics = {
  hits: new Counter({
    name: 'orgo_cache_hits_total',
    help: 'Models found in the shared cache (only compiled locally), by service and kind',
    labelNames: ['service', 'kind'] as const,
  }),
  misses: new Counter({
    name: 'orgo_cache_misses_total',
    help: 'Models not in the shared cache (validated and compiled locally), by service and kind',
    labelNames: ['service', 'kind'] as const,
  }),
  errors: new Counter({
    name: 'orgo_cache_errors_total',
    help: 'Cache operations that failed and fell back to local computation, by service and operation',
    labelNames: ['service', 'operation'] as const,
  }),
  invalidations: new Counter({
    name: 'orgo_cache_invalidations_total',
    help: 'In-memory models dropped because another replica announced a new content hash',
    labelNames: ['service', 'kind'] as const,
  }),
  up: new Gauge({
    name: 'orgo_cache_up',
    help: '1 while the shared cache (Redis) answers, 0 while it does not',
    labelNames: ['service'] as const,
  }),
};
