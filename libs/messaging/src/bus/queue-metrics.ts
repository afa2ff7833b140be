import { Gauge } from 'prom-client';

/** How full one queue of a bus is, when it was sampled. */
export interface QueueDepth {
  /** The queue's logical name (`orgo.parser`), without the RabbitMQ namespace. */
  queue: string;
  /** Messages ready for delivery (not those delivered and unacknowledged, nor those waiting to be retried). */
  messages: number;
  /** Consumers taking from the queue. */
  consumers: number;
}

/** Samples the depth of a bus's own queues; may reject (the broker is away): the bus is then left out. */
export type QueueDepthSource = () => Promise<QueueDepth[]>;

/** A sample that takes longer is given up, so a scrape never waits on a broker that does not answer. */
export const QUEUE_SAMPLE_TIMEOUT_MS = 2_000;

const sources = new Set<QueueDepthSource>();
let sampling: Promise<QueueDepth[]> | undefined;

/**
 * Makes `/metrics` show the depth of a bus's queues, sampled when the metrics are rendered (a
 * gauge's `collect`). Every bus of the process registers itself when it is created (the RabbitMQ
 * transport in the distributed shape, the in-process one in the standalone shape); returns the
 * function that stops it.
 */
export function watchQueueDepth(source: QueueDepthSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/** One sample of every source, shared by the gauges of one render; never rejects. */
export function sampleQueueDepths(): Promise<QueueDepth[]> {
  sampling ??= Promise.all([...sources].map(withTimeout))
    .then((samples) => merge(samples.flat()))
    .finally(() => (sampling = undefined));
  return sampling;
}

async function withTimeout(source: QueueDepthSource): Promise<QueueDepth[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<QueueDepth[]>((resolve) => {
    timer = setTimeout(() => resolve([]), QUEUE_SAMPLE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([source().catch(() => []), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Two buses of one process that see the same queue (the same broker) count it once. */
function merge(depths: QueueDepth[]): QueueDepth[] {
  const byQueue = new Map<string, QueueDepth>();
  for (const d of depths) {
    const seen = byQueue.get(d.queue);
    byQueue.set(
      d.queue,
      seen
        ? {
            queue: d.queue,
            messages: Math.max(seen.messages, d.messages),
            consumers: Math.max(seen.consumers, d.consumers),
          }
        : d,
    );
  }
  return [...byQueue.values()];
}

/** Prometheus series of the bus's queues, in the process's default registry (`/metrics`). */
export const queueMetrics = {
  messages: new Gauge({
    name: 'orgo_queue_messages',
    help: "Messages ready in a consuming service's queue, by queue (sampled from the bus at each scrape)",
    labelNames: ['queue'] as const,
    // Threads of the standalone process that saw the same queue report one depth, not their sum.
    aggregator: 'max',
    async collect() {
      const depths = await sampleQueueDepths();
      this.reset();
      for (const d of depths) this.set({ queue: d.queue }, d.messages);
    },
  }),
  consumers: new Gauge({
    name: 'orgo_queue_consumers',
    help: "Consumers taking from a consuming service's queue, by queue (sampled from the bus at each scrape)",
    labelNames: ['queue'] as const,
    aggregator: 'max',
    async collect() {
      const depths = await sampleQueueDepths();
      this.reset();
      for (const d of depths) this.set({ queue: d.queue }, d.consumers);
    },
  }),
};
