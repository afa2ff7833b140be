import type { Envelope } from '@orgo/contracts';
import { type HandlerOutcome, consumeBatchOnce, consumeOnce, databaseDeadLetterSink } from '@orgo/messaging';
import type { EntityManager } from 'typeorm';

import { MessageBatcher } from './message-batcher';
import type { ServiceRuntime } from './service-runtime';
import { serviceMetrics } from './service-metrics';

/** Handles one delivered message inside its transaction; `duplicate` is the inbox's to say. */
export type EnvelopeHandler = (envelope: Envelope, manager: EntityManager) => Promise<Exclude<HandlerOutcome, 'duplicate'>>;

export interface QueueConsumption {
  queue: string;
  /** At most this many delivered messages at once, handled in batches of half as many, one transaction each. */
  prefetch: number;
  /** Batches run one after another (for handlers whose effects must follow each other). */
  serial: boolean;
}

/**
 * Consumes a service's queue with everything the runtime guarantees: each batch of delivered
 * messages in one transaction with their inbox rows (exactly once; a batch that fails is handled
 * again message by message), the outcome logged and counted, the batch's outbox rows handed to the
 * relay as it commits, handler latency and failures measured, and dead letters stored in the service's database.
 * A handler's error reaches the bus unchanged: it retries or dead-letters by the error's policy.
 */
export async function consumeQueue(runtime: ServiceRuntime, consumption: QueueConsumption, handler: EnvelopeHandler): Promise<void> {
  const { bus, context, relay, tx } = runtime;
  const { logger, service } = context;
  const { queue } = consumption;
  const batcher = new MessageBatcher(
    (envelopes) => consumeBatchOnce(tx, service, envelopes, handler),
    (envelope) => consumeOnce(tx, service, envelope, (m) => handler(envelope, m)),
    // Half the prefetch per batch: while one batch commits, the next one is delivered and gathered
    // (and, unless serial, runs at once on PostgreSQL's second connection; SQLite queues it).
    { maxSize: Math.max(1, Math.ceil(consumption.prefetch / 2)), maxWaitMs: 2, serial: consumption.serial },
  );
  const deadLetters = databaseDeadLetterSink(tx);
  await bus.consume(
    queue,
    async (envelope) => {
      const log = logger.child({ correlationId: envelope.correlationId, messageId: envelope.id, routingKey: envelope.type });
      const stopTimer = serviceMetrics.handlerSeconds.startTimer({ service, queue });
      try {
        runtime.delivered(envelope);
        const outcome = await batcher.submit(envelope);
        const seconds = stopTimer();
        serviceMetrics.handled.inc({ service, routing_key: envelope.type, outcome });
        serviceMetrics.outboxInFlight.set({ service }, relay.pending);
        log.debug({ outcome, ms: seconds * 1000 }, 'message handled');
        return outcome;
      } catch (error) {
        serviceMetrics.failed.inc({ service, queue });
        throw error;
      }
    },
    async (deadQueue, envelope, error, attempts) => {
      logger.error({ err: error, queue: deadQueue, messageId: envelope.id, routingKey: envelope.type, attempts }, 'message dead-lettered');
      serviceMetrics.deadLettered.inc({ service, queue: deadQueue });
      await deadLetters(deadQueue, envelope, error, attempts);
    },
    { prefetch: consumption.prefetch },
  );
}
