import { randomUUID } from 'node:crypto';

import { EVENTS_EXCHANGE, type Envelope } from '@orgo/contracts';
import { OrgoError, redactUrl } from '@orgo/domain';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';

import type {
  ConsumeOptions,
  DeadLetterSink,
  MessageBus,
  MessageHandler,
  QueueSpec,
  RpcHandler,
} from '../bus/message-bus';
import { type QueueDepth, watchQueueDepth } from '../bus/queue-metrics';
import { isRetryable } from '../bus/retry-policy';

const ATTEMPT_HEADER = 'x-orgo-attempt';
const REPLY_TO = 'amq.rabbitmq.reply-to';

export interface RabbitMqBusOptions {
  url: string;
  /**
   * Prefixes the exchange and every queue (`staging.orgo.events`), so that several installations
   * (or test runs) can share one broker without seeing each other's messages.
   */
  namespace?: string;
  /** Reports failures (logging); the bus never throws from a delivery. */
  onError?: (queue: string, envelope: Envelope | null, error: Error, attempt: number) => void;
  onConnectionChange?: (connected: boolean, error?: Error) => void;
  /** How long a publish may wait for the broker (and its confirm). */
  publishTimeoutMs?: number;
}

/** Names of the retry queues of a queue: `<queue>.retry.<n>` holds a message for the nth delay. */
export const retryQueueName = (queue: string, attempt: number) => `${queue}.retry.${attempt}`;
export const deadQueueName = (queue: string) => `${queue}.dead`;
export const rpcQueueName = (name: string) => `orgo.${name}`;

/**
 * The distributed shape's transport over RabbitMQ (amqp-connection-manager: reconnects and
 * re-declares the topology and consumers after a broker restart):
 * - a durable topic exchange `orgo.events`; one durable queue per consuming service, bound by topic;
 * - persistent messages, publisher confirms (`publish` resolves on the broker's confirm);
 * - manual ack after the handler (and its transaction) finished, bounded prefetch per queue;
 * - retries through delay queues (`<queue>.retry.<n>`, TTL = the nth delay, dead-lettered back to
 *   the queue), then the per-service dead-letter queue `<queue>.dead` and the service's dead-letter
 *   sink; nothing is requeued forever;
 * - RPC over direct reply-to with timeouts;
 * - the depth of its durable queues at `/metrics` (`orgo_queue_messages`, `orgo_queue_consumers`):
 *   `checkQueue` at each scrape, on a channel of its own.
 */
export class RabbitMqBus implements MessageBus {
  private readonly connection: AmqpConnectionManager;
  private readonly publisher: ChannelWrapper;
  private readonly consumers: ChannelWrapper[] = [];
  private readonly queues = new Map<string, QueueSpec>();
  private rpc?: Promise<ChannelWrapper>;
  private readonly pending = new Map<
    string,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private inFlight = 0;
  private connected = false;
  private readonly exchange: string;
  private readonly ns: (name: string) => string;
  /** The channel that samples queue depths (a `checkQueue` of a missing queue closes its channel). */
  private sampler?: Promise<Channel>;
  private readonly stopWatching: () => void;

  constructor(private readonly options: RabbitMqBusOptions) {
    const prefix = options.namespace ? `${options.namespace}.` : '';
    this.ns = (name) => `${prefix}${name}`;
    this.exchange = this.ns(EVENTS_EXCHANGE);
    const exchange = this.exchange;
    // noDelay: without it Nagle's algorithm holds small frames back (~40 ms per hop).
    this.connection = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
      connectionOptions: { noDelay: true },
    });
    this.connection.on('connect', () => {
      this.connected = true;
      options.onConnectionChange?.(true);
    });
    this.connection.on('disconnect', ({ err }) => {
      this.connected = false;
      options.onConnectionChange?.(false, err);
    });
    this.publisher = this.connection.createChannel({
      confirm: true,
      publishTimeout: options.publishTimeoutMs ?? 30_000,
      setup: (channel: ConfirmChannel) => channel.assertExchange(exchange, 'topic', { durable: true }),
    });
    this.stopWatching = watchQueueDepth(() => this.queueDepths());
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async waitForConnect(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.publisher.waitForConnect(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new OrgoError(
                  'BUS.UNREACHABLE',
                  `RabbitMQ at ${redactUrl(this.options.url)} did not answer within ${timeoutMs / 1000} s; is it running?`,
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async declareQueue(spec: QueueSpec): Promise<void> {
    const named = { ...spec, name: this.ns(spec.name) };
    this.queues.set(spec.name, named);
    if (!spec.transient)
      await this.publisher.addSetup((channel: ConfirmChannel) =>
        declareTopology(channel, this.exchange, named),
      );
  }

  async consume(
    queue: string,
    handler: MessageHandler,
    deadLetters: DeadLetterSink,
    options: ConsumeOptions = {},
  ): Promise<void> {
    const spec = this.queues.get(queue);
    if (!spec)
      throw new OrgoError('BUS.UNKNOWN_QUEUE', `Queue '${queue}' must be declared before it is consumed`);
    const channel = this.connection.createChannel({
      confirm: true,
      setup: (ch: ConfirmChannel) => declareTopology(ch, this.exchange, spec),
    });
    this.consumers.push(channel);
    await channel.waitForConnect();
    await channel.consume(
      spec.name,
      (message) => void this.deliver(channel, spec, queue, message, handler, deadLetters),
      {
        prefetch: options.prefetch ?? spec.prefetch,
        noAck: false,
      },
    );
  }

  async publish(envelope: Envelope): Promise<void> {
    await this.publisher.publish(this.exchange, envelope.type, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
      correlationId: envelope.correlationId,
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
    });
  }

  async sendToQueue(queue: string, envelope: Envelope): Promise<void> {
    await this.publisher.sendToQueue(this.ns(queue), Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
      correlationId: envelope.correlationId,
    });
  }

  async respond(name: string, handler: RpcHandler): Promise<void> {
    const queue = this.ns(rpcQueueName(name));
    const channel = this.connection.createChannel({
      setup: (ch: Channel) =>
        ch.assertQueue(queue, { durable: false, autoDelete: true }).then(() => undefined),
    });
    this.consumers.push(channel);
    // The queue must exist before anyone asks: a request to a missing queue is silently dropped.
    await channel.waitForConnect();
    await channel.consume(
      queue,
      async (message) => {
        let reply: unknown;
        try {
          reply = await handler(JSON.parse(message.content.toString('utf8')));
        } catch (error) {
          reply = { ok: false, error: { code: 'RPC.FAILED', message: (error as Error).message } };
        }
        if (message.properties.replyTo) {
          await channel
            .sendToQueue(message.properties.replyTo, Buffer.from(JSON.stringify(reply ?? null)), {
              correlationId: message.properties.correlationId,
            })
            .catch(() => undefined);
        }
        channel.ack(message);
      },
      { prefetch: 16 },
    );
  }

  async request<T>(name: string, payload: unknown, timeoutMs: number): Promise<T> {
    const channel = await this.rpcChannel();
    const correlationId = randomUUID();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(
          new OrgoError(
            'RPC.TIMEOUT',
            `'${name}' did not answer within ${timeoutMs} ms; the service may be away`,
          ),
        );
      }, timeoutMs);
      this.pending.set(correlationId, { resolve: resolve as (v: unknown) => void, reject, timer });
      channel
        .sendToQueue(this.ns(rpcQueueName(name)), Buffer.from(JSON.stringify(payload)), {
          replyTo: REPLY_TO,
          correlationId,
          expiration: String(timeoutMs),
        })
        .catch((error: Error) => {
          clearTimeout(timer);
          this.pending.delete(correlationId);
          reject(new OrgoError('RPC.UNAVAILABLE', `'${name}' could not be asked: ${error.message}`));
        });
    });
  }

  /** Messages being handled right now (graceful shutdown waits for them). */
  get handling(): number {
    return this.inFlight;
  }

  /** Stops taking new messages and waits (at most `graceMs`) for those being handled. */
  async stopConsuming(graceMs = 10_000): Promise<void> {
    for (const channel of this.consumers) await channel.cancelAll().catch(() => undefined);
    const end = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * Messages ready and consumers of each durable queue this bus declared (by logical name), as the
   * broker counts them; nothing while the broker is away. A queue the broker does not have (deleted
   * by hand) is left out.
   */
  async queueDepths(): Promise<QueueDepth[]> {
    const connection = this.connection.connection;
    if (!this.connected || !connection) return [];
    const depths: QueueDepth[] = [];
    for (const [queue, spec] of this.queues) {
      if (spec.transient) continue;
      const sampler = this.samplingChannel(connection);
      try {
        const { messageCount, consumerCount } = await (await sampler).checkQueue(spec.name);
        depths.push({ queue, messages: messageCount, consumers: consumerCount });
      } catch {
        if (this.sampler === sampler) this.sampler = undefined;
      }
    }
    return depths;
  }

  /** The sampling channel, opened on first use and again after it closed (missing queue, lost connection). */
  private samplingChannel(connection: NonNullable<AmqpConnectionManager['connection']>): Promise<Channel> {
    if (this.sampler) return this.sampler;
    const opened = connection.createChannel().then((channel) => {
      // The broker's error closes the channel; it must not reach the process as an unhandled 'error'.
      channel.on('error', () => undefined);
      channel.on('close', () => {
        if (this.sampler === opened) this.sampler = undefined;
      });
      return channel;
    });
    this.sampler = opened;
    return opened;
  }

  async close(): Promise<void> {
    this.stopWatching();
    await this.stopConsuming();
    for (const { timer, reject } of this.pending.values()) {
      clearTimeout(timer);
      reject(new OrgoError('BUS.CLOSED', 'The bus closed before the answer came'));
    }
    this.pending.clear();
    await this.connection.close();
  }

  /** One channel for all requests, consuming direct replies before the first request is sent. */
  private rpcChannel(): Promise<ChannelWrapper> {
    this.rpc ??= (async () => {
      const rpc = this.connection.createChannel({ confirm: false });
      await rpc.waitForConnect();
      await rpc.consume(
        REPLY_TO,
        (message) => {
          const waiting = this.pending.get(message.properties.correlationId);
          if (!waiting) return;
          clearTimeout(waiting.timer);
          this.pending.delete(message.properties.correlationId);
          try {
            waiting.resolve(JSON.parse(message.content.toString('utf8')));
          } catch (error) {
            waiting.reject(error as Error);
          }
        },
        { noAck: true },
      );
      return rpc;
    })();
    return this.rpc;
  }

  private async deliver(
    channel: ChannelWrapper,
    spec: QueueSpec,
    logicalQueue: string,
    message: ConsumeMessage,
    handler: MessageHandler,
    deadLetters: DeadLetterSink,
  ): Promise<void> {
    this.inFlight++;
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
    let envelope: Envelope | null = null;
    try {
      envelope = JSON.parse(message.content.toString('utf8')) as Envelope;
      await handler(envelope);
      settle(() => channel.ack(message));
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.options.onError?.(spec.name, envelope, error, attempt);
      try {
        const delay = spec.retryDelaysMs[attempt - 1];
        if (envelope && isRetryable(error) && delay !== undefined) {
          await channel.sendToQueue(retryQueueName(spec.name, attempt), message.content, {
            persistent: true,
            contentType: 'application/json',
            messageId: message.properties.messageId,
            headers: { ...message.properties.headers, [ATTEMPT_HEADER]: attempt + 1 },
          });
        } else {
          await channel.sendToQueue(deadQueueName(spec.name), message.content, {
            persistent: true,
            contentType: 'application/json',
            messageId: message.properties.messageId,
            headers: {
              ...message.properties.headers,
              [ATTEMPT_HEADER]: attempt,
              'x-orgo-error': error.message.slice(0, 1000),
            },
          });
          if (envelope) await deadLetters(logicalQueue, envelope, error, attempt);
        }
        settle(() => channel.ack(message));
      } catch (sinkError) {
        // Neither retried nor dead-lettered: leave it to the broker to deliver again.
        this.options.onError?.(spec.name, envelope, sinkError as Error, attempt);
        settle(() => channel.nack(message, false, true));
      }
    } finally {
      this.inFlight--;
    }
  }
}

/**
 * Acks and nacks a delivery. When the channel closed meanwhile (a broker restart), the broker
 * delivers the message again on the new channel and the consumer's inbox recognizes it: nothing to
 * do here but not to crash.
 */
function settle(action: () => void): void {
  try {
    action();
  } catch {
    // the delivery belonged to a closed channel
  }
}

/** Idempotent: the exchange, the queue with its bindings, its delay queues and its dead-letter queue. */
async function declareTopology(channel: Channel, exchange: string, spec: QueueSpec): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
  if (spec.transient) {
    await channel.assertQueue(spec.name, { durable: false, autoDelete: true, exclusive: true });
    for (const binding of spec.bindings) await channel.bindQueue(spec.name, exchange, binding);
    return;
  }
  await channel.assertQueue(spec.name, { durable: true });
  for (const binding of spec.bindings) await channel.bindQueue(spec.name, exchange, binding);
  // Unbinding what is not bound succeeds, so this is idempotent too.
  for (const binding of spec.retiredBindings ?? [])
    if (!spec.bindings.includes(binding)) await channel.unbindQueue(spec.name, exchange, binding);
  for (const [i, delay] of spec.retryDelaysMs.entries()) {
    await channel.assertQueue(retryQueueName(spec.name, i + 1), {
      durable: true,
      arguments: {
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': spec.name,
      },
    });
  }
  await channel.assertQueue(deadQueueName(spec.name), { durable: true });
}
