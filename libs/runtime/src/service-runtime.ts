import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONSUMING_SERVICES, type Envelope, QUEUE_BINDINGS, dlqListRpc, dlqReplayRpc } from '@orgo/contracts';
import {
  type HandlerOutcome,
  MESSAGE_BUS,
  type MessageBus,
  OutboxRelay,
  consumeBatchOnce,
  consumeOnce,
  databaseDeadLetterSink,
} from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import { listDeadLetters, replayDeadLetter } from './dead-letter-responders';
import { MessageBatcher } from './message-batcher';
import { SERVICE_CONTEXT, type ServiceContext } from './service-context';
import { serviceMetrics } from './service-metrics';

export type EnvelopeHandler = (
  envelope: Envelope,
  manager: EntityManager,
) => Promise<Exclude<HandlerOutcome, 'duplicate'>>;

interface Subscription {
  queue: string;
  prefetch: number;
  handler: EnvelopeHandler;
  /** Batches run one at a time (for handlers whose effects must follow each other). */
  serial: boolean;
}

/**
 * A service's link to the bus: declares the topology, consumes its queue exactly once per message
 * (inbox), publishes through its outbox, and stores dead letters in its own database. Consumption
 * and the outbox relay start when the application has bootstrapped and stop first at shutdown.
 */
@Injectable()
export class ServiceRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];
  private readonly responders: { name: string; handler: (payload: unknown) => Promise<unknown> }[] = [];
  readonly relay: OutboxRelay;

  constructor(
    @Inject(SERVICE_CONTEXT) readonly context: ServiceContext,
    @Inject(MESSAGE_BUS) readonly bus: MessageBus,
    readonly tx: TransactionRunner,
  ) {
    this.relay = new OutboxRelay(tx, bus, {
      onError: (error, row) => context.logger.warn({ err: error, outboxId: row?.id, routingKey: row?.routingKey }, 'outbox publish failed'),
    });
  }

  /**
   * Registers the handler of this service's queue; consumption starts at bootstrap. Up to
   * `prefetch` delivered messages are handled together in one transaction.
   */
  subscribe(queue: string, handler: EnvelopeHandler, options: { prefetch?: number; serial?: boolean } = {}): void {
    this.subscriptions.push({ queue, handler, prefetch: options.prefetch ?? 32, serial: options.serial ?? false });
  }

  /** Registers an RPC responder. */
  respond(name: string, handler: (payload: unknown) => Promise<unknown>): void {
    this.responders.push({ name, handler });
  }

  /** Ask the relay to publish what was just committed. */
  flushOutbox(): void {
    this.relay.kick();
  }

  async onApplicationBootstrap(): Promise<void> {
    const { logger, retryDelaysMs, service } = this.context;
    for (const [name, bindings] of Object.entries(QUEUE_BINDINGS)) {
      const own = this.subscriptions.find((s) => s.queue === name);
      await this.bus.declareQueue({ name, bindings, prefetch: own?.prefetch ?? 32, retryDelaysMs });
    }
    const deadLetters = databaseDeadLetterSink(this.tx);
    for (const sub of this.subscriptions) {
      const batcher = new MessageBatcher(
        (envelopes) => consumeBatchOnce(this.tx, service, envelopes, sub.handler),
        (envelope) => consumeOnce(this.tx, service, envelope, (m) => sub.handler(envelope, m)),
        { maxSize: sub.prefetch, maxWaitMs: 2, serial: sub.serial },
      );
      await this.bus.consume(
        sub.queue,
        async (envelope) => {
          const log = logger.child({ correlationId: envelope.correlationId, messageId: envelope.id, routingKey: envelope.type });
          const stopTimer = serviceMetrics.handlerSeconds.startTimer({ service, queue: sub.queue });
          try {
            const outcome = await batcher.submit(envelope);
            this.relay.kick();
            const seconds = stopTimer();
            serviceMetrics.handled.inc({ service, routing_key: envelope.type, outcome });
            serviceMetrics.outboxInFlight.set({ service }, this.relay.pending);
            log.debug({ outcome, ms: seconds * 1000 }, 'message handled');
            return outcome;
          } catch (error) {
            serviceMetrics.failed.inc({ service, queue: sub.queue });
            throw error;
          }
        },
        async (queue, envelope, error, attempts) => {
          logger.error({ err: error, queue, messageId: envelope.id, routingKey: envelope.type, attempts }, 'message dead-lettered');
          serviceMetrics.deadLettered.inc({ service, queue });
          await deadLetters(queue, envelope, error, attempts);
        },
      );
    }
    for (const r of this.responders) await this.bus.respond(r.name, r.handler);
    if ((CONSUMING_SERVICES as readonly string[]).includes(service)) {
      await this.bus.respond(dlqListRpc(service), () => listDeadLetters(this.tx, service));
      await this.bus.respond(dlqReplayRpc(service), (p) => replayDeadLetter(this.tx, this.bus, service, String((p as { id?: unknown }).id ?? '')));
    }
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
