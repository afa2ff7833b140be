import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONSUMING_SERVICES, type Envelope, QUEUE_BINDINGS, RETIRED_BINDINGS, dlqListRpc, dlqReplayRpc } from '@orgo/contracts';
import { MESSAGE_BUS, type MessageBus, OutboxRelay } from '@orgo/messaging';
import { TransactionRunner } from '@orgo/persistence';

import { listDeadLetters, replayDeadLetter } from './dead-letter-responders';
import { SERVICE_CONTEXT, type ServiceContext } from './service-context';

/** Messages a consumer holds at once unless its service says otherwise. */
export const DEFAULT_PREFETCH = 64;

/**
 * A service's link to the bus: declares the topology, publishes through its outbox, and answers for
 * its dead letters. At bootstrap it declares every queue (before anything is published) and starts
 * the outbox relay; at shutdown it stops the relay. The service's own handlers are Nest
 * `@EventPattern` / `@MessagePattern` methods that the bus transport (`OrgoBusServer`) consumes
 * through this runtime once the application has bootstrapped.
 */
@Injectable()
export class ServiceRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  private readonly deliveredListeners: ((envelope: Envelope) => void)[] = [];

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
   * Asks the relay for a pass now. Rows committed through the TransactionRunner reach the relay as
   * they commit without one; a pass picks up anything else (rows written outside it, failed publishes).
   */
  flushOutbox(): void {
    this.relay.kick();
  }

  /**
   * Calls `listener` with each message of the service's queue as it is delivered, before it waits for
   * its batch's transaction: work that needs no database (parsing) starts at once, in parallel,
   * instead of one message after another inside the transaction. It must not throw or write.
   */
  onDelivered(listener: (envelope: Envelope) => void): void {
    this.deliveredListeners.push(listener);
  }

  /** Tells the listeners a message was delivered (queue consumption does). */
  delivered(envelope: Envelope): void {
    for (const listener of this.deliveredListeners) listener(envelope);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { retryDelaysMs, service } = this.context;
    for (const [name, bindings] of Object.entries(QUEUE_BINDINGS)) {
      const retiredBindings = RETIRED_BINDINGS[name as keyof typeof RETIRED_BINDINGS] ?? [];
      await this.bus.declareQueue({ name, bindings, retiredBindings, prefetch: DEFAULT_PREFETCH, retryDelaysMs });
    }
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
