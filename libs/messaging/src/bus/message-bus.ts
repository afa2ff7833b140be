import type { Envelope } from '@orgo/contracts';

/** A durable queue bound to topic patterns (`task.*.created`, `email.#`), as in RabbitMQ. */
export interface QueueSpec {
  /** Persisted name, from `QUEUES` in @orgo/contracts. */
  name: string;
  /** AMQP topic patterns: `*` is one word, `#` is zero or more. */
  bindings: string[];
  /** Patterns the queue was bound to once and must no longer be (unbound on the broker at declaration). */
  retiredBindings?: string[];
  /** How many messages one consumer handles at once. */
  prefetch: number;
  /** Delays before each retry of a failed message; after the last, the message is dead-lettered. */
  retryDelaysMs: number[];
  /** A queue that lives only while its consumer does (a console, a test probe): not durable. */
  transient?: boolean;
}

/** What a handler did with a message: logged and counted. */
export type HandlerOutcome = 'processed' | 'skipped' | 'duplicate';

export type MessageHandler = (envelope: Envelope) => Promise<HandlerOutcome>;

/** Called when a message failed its last retry or can never succeed; must store it durably. */
export type DeadLetterSink = (queue: string, envelope: Envelope, error: Error, attempts: number) => Promise<void>;

export type RpcHandler = (payload: unknown) => Promise<unknown>;

/** How one consumer takes messages from its queue. */
export interface ConsumeOptions {
  /** How many unacknowledged messages this consumer holds at once (defaults to the queue's `prefetch`). */
  prefetch?: number;
}

/**
 * The bus every service talks through, shaped for RabbitMQ: topic routing keys, one durable queue per
 * consuming service, acknowledgement only after the handler (and its transaction) finished, retries
 * with growing delays, then a dead letter. The in-process transport implements it for the standalone
 * shape; a RabbitMQ transport implements it for the distributed shape.
 */
export interface MessageBus {
  /** Declares a queue and its bindings (idempotent). Messages published after this wait for a consumer. */
  declareQueue(spec: QueueSpec): Promise<void>;
  /** Starts consuming a declared queue. */
  consume(queue: string, handler: MessageHandler, deadLetters: DeadLetterSink, options?: ConsumeOptions): Promise<void>;
  /**
   * Publishes an envelope under its `type` as routing key. Resolves once the bus holds the message
   * durably (RabbitMQ: publisher confirm; in-process: every bound queue has acknowledged it).
   */
  publish(envelope: Envelope): Promise<void>;
  /** Delivers an envelope to one queue only (replaying a dead letter to the service that failed it). */
  sendToQueue(queue: string, envelope: Envelope): Promise<void>;
  /** Answers requests sent to `name`. */
  respond(name: string, handler: RpcHandler): Promise<void>;
  /** Sends a request and waits for the answer; rejects with code `RPC.UNAVAILABLE` or `RPC.TIMEOUT`. */
  request<T>(name: string, payload: unknown, timeoutMs: number): Promise<T>;
  /** Stops consuming, waits for messages in flight, closes. */
  close(): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
