import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * Prometheus metrics of the services in this process (SPEC §8), each series labelled with its
 * service: messages handled by outcome, handler latency, failures, dead letters, outbox backlog.
 * One registry per process: the standalone shape shows all eight services at one /metrics.
 */
export const serviceMetrics = {
  handled: new Counter({
    name: 'orgo_messages_handled_total',
    help: 'Messages handled, by service, routing key and outcome (processed, skipped, duplicate)',
    labelNames: ['service', 'routing_key', 'outcome'] as const,
  }),
  failed: new Counter({
    name: 'orgo_message_failures_total',
    help: 'Handler failures (each is retried or dead-lettered)',
    labelNames: ['service', 'queue'] as const,
  }),
  deadLettered: new Counter({
    name: 'orgo_dead_letters_total',
    help: 'Messages dead-lettered after their retries',
    labelNames: ['service', 'queue'] as const,
  }),
  handlerSeconds: new Histogram({
    name: 'orgo_handler_duration_seconds',
    help: 'Time to handle one message, transaction included',
    labelNames: ['service', 'queue'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  }),
  outboxInFlight: new Gauge({
    name: 'orgo_outbox_in_flight',
    help: 'Outbox rows published and not yet confirmed',
    labelNames: ['service'] as const,
  }),
};

/** The text exposition of every metric of this process. */
export function metricsText(): Promise<string> {
  return register.metrics();
}

export const METRICS_CONTENT_TYPE = register.contentType;
