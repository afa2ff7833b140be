import type { Envelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import type {
  ConsumeOptions,
  DeadLetterSink,
  MessageBus,
  MessageHandler,
  QueueSpec,
  RpcHandler,
} from '../bus/message-bus';
import { type QueueDepth, watchQueueDepth } from '../bus/queue-metrics';
import { topicMatcher } from '../bus/topic-pattern';
import { isRetryable } from '../bus/retry-policy';

interface Delivery {
  envelope: Envelope;
  attempts: number;
  settle: () => void;
}

interface InProcessQueue {
  spec: QueueSpec;
  matches: (routingKey: string) => boolean;
  ready: Delivery[];
  inFlight: number;
  handler?: MessageHandler;
  deadLetters?: DeadLetterSink;
  /** The consumer's prefetch, when it chose one. */
  prefetch?: number;
}

export interface InProcessBusOptions {
  /** Reports a handler failure (logging); the bus itself never throws from a delivery. */
  onError?: (queue: string, envelope: Envelope, error: Error, attempt: number) => void;
}

/**
 * The standalone shape's transport: the same queues, bindings, prefetch, retries and dead letters as
 * RabbitMQ, held in memory. `publish` resolves only when every bound queue has acknowledged the
 * message (handled it and committed, or dead-lettered it): the outbox marks a row sent only then, so
 * a crash never loses a message between services — the outbox publishes it again at the next start
 * and each consumer's inbox drops the duplicate. The depth of its durable queues shows at `/metrics`
 * (`orgo_queue_messages`, `orgo_queue_consumers`) while it is open.
 */
export class InProcessBus implements MessageBus {
  private readonly queues = new Map<string, InProcessQueue>();
  private readonly responders = new Map<string, RpcHandler>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing = false;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly stopWatching: () => void;

  constructor(private readonly options: InProcessBusOptions = {}) {
    this.stopWatching = watchQueueDepth(async () => this.queueDepths());
  }

  async declareQueue(spec: QueueSpec): Promise<void> {
    const existing = this.queues.get(spec.name);
    if (existing) {
      existing.spec = spec;
      const matchers = spec.bindings.map(topicMatcher);
      existing.matches = (key) => matchers.some((m) => m(key));
      return;
    }
    const matchers = spec.bindings.map(topicMatcher);
    this.queues.set(spec.name, {
      spec,
      matches: (key) => matchers.some((m) => m(key)),
      ready: [],
      inFlight: 0,
    });
  }

  async consume(
    queue: string,
    handler: MessageHandler,
    deadLetters: DeadLetterSink,
    options: ConsumeOptions = {},
  ): Promise<void> {
    const q = this.queues.get(queue);
    if (!q)
      throw new OrgoError('BUS.UNKNOWN_QUEUE', `Queue '${queue}' must be declared before it is consumed`);
    q.handler = handler;
    q.deadLetters = deadLetters;
    q.prefetch = options.prefetch;
    this.pump(q);
  }

  publish(envelope: Envelope): Promise<void> {
    if (this.closing)
      return Promise.reject(new OrgoError('BUS.CLOSED', 'The bus is closing; publish again later'));
    const targets = [...this.queues.values()].filter((q) => q.matches(envelope.type));
    return Promise.all(
      targets.map(
        (q) =>
          new Promise<void>((settle) => {
            q.ready.push({ envelope: structuredClone(envelope), attempts: 0, settle });
            this.pump(q);
          }),
      ),
    ).then(() => undefined);
  }

  sendToQueue(queue: string, envelope: Envelope): Promise<void> {
    const q = this.queues.get(queue);
    if (!q) return Promise.reject(new OrgoError('BUS.UNKNOWN_QUEUE', `No queue named '${queue}'`));
    return new Promise<void>((settle) => {
      q.ready.push({ envelope: structuredClone(envelope), attempts: 0, settle });
      this.pump(q);
    });
  }

  async respond(name: string, handler: RpcHandler): Promise<void> {
    this.responders.set(name, handler);
  }

  async request<T>(name: string, payload: unknown, timeoutMs: number): Promise<T> {
    const handler = this.responders.get(name);
    if (!handler) {
      throw new OrgoError('RPC.UNAVAILABLE', `No service answers '${name}' right now; try again shortly`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OrgoError('RPC.TIMEOUT', `'${name}' did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return (await Promise.race([handler(structuredClone(payload)), timeout])) as T;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when no queue has a message waiting or in flight (tests and shutdown). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops delivering: what is queued stays queued, unacknowledged (its publishers' outbox rows stay
   * unsent and are published again at the next start); waits up to `graceMs` for messages in flight.
   */
  async stopConsuming(graceMs = 10_000): Promise<void> {
    for (const q of this.queues.values()) q.handler = undefined;
    const end = Date.now() + graceMs;
    while ([...this.queues.values()].some((q) => q.inFlight > 0) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
  }

  /** Messages waiting for delivery in each durable queue (not in flight, not waiting to be retried) and its consumer. */
  queueDepths(): QueueDepth[] {
    return [...this.queues.values()]
      .filter((q) => !q.spec.transient)
      .map((q) => ({ queue: q.spec.name, messages: q.ready.length, consumers: q.handler ? 1 : 0 }));
  }

  async close(): Promise<void> {
    this.stopWatching();
    this.closing = true;
    for (const q of this.queues.values()) q.handler = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private isIdle(): boolean {
    return (
      [...this.queues.values()].every((q) => q.ready.length === 0 && q.inFlight === 0) &&
      this.timers.size === 0
    );
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private pump(q: InProcessQueue): void {
    while (q.handler && q.inFlight < (q.prefetch ?? q.spec.prefetch) && q.ready.length > 0) {
      const delivery = q.ready.shift() as Delivery;
      q.inFlight++;
      void this.deliver(q, delivery);
    }
  }

  private async deliver(q: InProcessQueue, delivery: Delivery): Promise<void> {
    const handler = q.handler;
    if (!handler) {
      q.inFlight--;
      q.ready.unshift(delivery);
      return;
    }
    delivery.attempts++;
    try {
      await handler(delivery.envelope);
      delivery.settle();
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.options.onError?.(q.spec.name, delivery.envelope, error, delivery.attempts);
      const delay = q.spec.retryDelaysMs[delivery.attempts - 1];
      if (isRetryable(error) && delay !== undefined && !this.closing) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          q.ready.push(delivery);
          this.pump(q);
        }, delay);
        this.timers.add(timer);
      } else {
        await this.deadLetter(q, delivery, error);
      }
    } finally {
      q.inFlight--;
      this.pump(q);
      this.notifyIdle();
    }
  }

  private async deadLetter(q: InProcessQueue, delivery: Delivery, error: Error): Promise<void> {
    try {
      await q.deadLetters?.(q.spec.name, delivery.envelope, error, delivery.attempts);
      delivery.settle();
    } catch (sinkError) {
      // The dead letter could not be stored: keep the message unacknowledged (the outbox will
      // publish it again at the next start) rather than lose it.
      this.options.onError?.(q.spec.name, delivery.envelope, sinkError as Error, delivery.attempts);
    }
  }
}
