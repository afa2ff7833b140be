import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, register } from 'prom-client';

/** Every metric of one registry, as `register.getMetricsAsJSON()` gives them. */
export type RegistryMetrics = MetricObjectWithValues<MetricValue<string>>[];

/**
 * Makes this thread's registry — the one `/metrics` (the api-gateway, `metricsText` of
 * @orgo/runtime) renders — show the service threads' metrics too: each render asks the threads for
 * their registries and sums the series with this thread's (prom-client's AggregatorRegistry, as a
 * cluster does; every series carries its `service` label, so sums only meet where two threads
 * count the same thing). A thread that does not answer is left out of that render. Returns the
 * function that restores the registry.
 */
export function includeThreadMetrics(threads: () => Promise<RegistryMetrics[]>): () => void {
  const own = register.metrics;
  register.metrics = async function metrics() {
    const local = await register.getMetricsAsJSON();
    const others = await threads().catch(() => []);
    if (others.length === 0) return own.call(register);
    return AggregatorRegistry.aggregate([local, ...others]).metrics();
  };
  return () => {
    register.metrics = own;
  };
}
