import { type BaseRpcContext, type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Envelope } from '@orgo/contracts';
import { OrgoError, describeValue } from '@orgo/domain';
import { type MessageBus, topicMatcher } from '@orgo/messaging';
import { isObservable, lastValueFrom } from 'rxjs';
import type { EntityManager } from 'typeorm';

import { BusContext, BusRequestContext } from './bus-context';
import { consumeQueue } from './queue-consumption';
import { DEFAULT_PREFETCH, type ServiceRuntime } from './service-runtime';

/** The Orgo bus among Nest transports: `@EventPattern(key, ORGO_BUS)` pins a handler to it. */
export const ORGO_BUS = Symbol('ORGO_BUS');

/** What an `@EventPattern` handler returns: logged and counted (`duplicate` is the inbox's to say). */
export type EventOutcome = 'processed' | 'skipped';

/** The queue a service consumes and how (persisted names: `QUEUES` in @orgo/contracts). */
export interface BusQueueOptions {
  queue: string;
  /** At most this many delivered messages at once, handled in batches of half as many, one transaction each (default 64). */
  prefetch?: number;
  /** Batches run one after another (handlers whose effects must follow each other). */
  serial?: boolean;
}

interface EventRoute {
  pattern: string;
  matches: (routingKey: string) => boolean;
  handler: MessageHandler;
}

const ROUTING_PATTERN = /^(?:[a-z0-9_-]+|\*|#)(?:\.(?:[a-z0-9_-]+|\*|#))*$/i;
const OUTCOMES: readonly unknown[] = ['processed', 'skipped'];

/**
 * Nest's custom transport over the Orgo bus (in-process or RabbitMQ, see ADR 0003). On `listen` it
 * takes the handlers Nest registered for the service's controllers:
 * - `@EventPattern(pattern)`: the service's queue is consumed through the runtime (inbox
 *   transaction per batch, outcome logged and counted, outbox relay, metrics, dead letters); each
 *   delivered envelope goes to every handler whose topic pattern (`task.*.created`, `task.#`)
 *   matches its routing key, in one transaction. A routing key no pattern matches is `skipped`.
 * - `@MessagePattern(name)`: answers RPC requests named `name`.
 * Handlers get the payload with `@Payload()` and a `BusContext` (envelope, transaction) or a
 * `BusRequestContext` with `@Ctx()`. A handler's error reaches the bus unchanged, so an OrgoError's
 * `retryable` flag decides between retrying and dead-lettering.
 */
export class OrgoBusServer extends Server implements CustomTransportStrategy {
  override transportId: symbol = ORGO_BUS;
  private routes: EventRoute[] = [];

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly consumes?: BusQueueOptions,
  ) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /**
   * Stopping consumption and closing the bus belong to the process that owns it: both launchers stop
   * consuming before they close a service, so nothing is delivered to one that is going away.
   */
  async close(): Promise<void> {
    this.routes = [];
  }

  on(): never {
    throw new OrgoError('BUS.NO_TRANSPORT_EVENTS', 'The Orgo bus transport emits no events; watch the bus through its own callbacks');
  }

  unwrap<T>(): T {
    return this.runtime.bus as T;
  }

  /** Where a delivered envelope goes: every event handler whose pattern matches its routing key. */
  async dispatch(envelope: Envelope, manager: EntityManager): Promise<EventOutcome> {
    const routes = this.routes.filter((r) => r.matches(envelope.type));
    let outcome: EventOutcome = 'skipped';
    for (const route of routes) {
      const result = await this.invoke(route.handler, envelope.payload, new BusContext([envelope, manager]));
      if (!OUTCOMES.includes(result)) {
        throw new OrgoError(
          'BUS.INVALID_OUTCOME',
          `The handler of '${route.pattern}' in ${this.runtime.context.service} returned ${describeValue(result)} for '${envelope.type}'; an @EventPattern handler returns 'processed' or 'skipped'`,
          { retryable: false },
        );
      }
      if (result === 'processed') outcome = 'processed';
    }
    return outcome;
  }

  private async start(): Promise<void> {
    const { service } = this.runtime.context;
    const events: EventRoute[] = [];
    const requests: [string, MessageHandler][] = [];
    for (const [pattern, handler] of this.getHandlers()) {
      assertRoutingPattern(service, pattern, handler.isEventHandler === true);
      if (!handler.isEventHandler) requests.push([pattern, handler]);
      else if (handler.next) {
        throw new OrgoError('BUS.DUPLICATE_PATTERN', `${service} has two @EventPattern handlers for '${pattern}'; give each pattern one handler`);
      } else events.push({ pattern, matches: topicMatcher(pattern), handler });
    }
    this.routes = events;
    const bus: MessageBus = this.runtime.bus;
    for (const [name, handler] of requests) {
      await bus.respond(name, (payload) => this.invoke(handler, payload, new BusRequestContext([name])));
    }
    if (!this.consumes) {
      if (events.length === 0) return;
      throw new OrgoError(
        'BUS.NO_QUEUE',
        `${service} has @EventPattern handlers (${events.map((e) => e.pattern).join(', ')}) but consumes no queue; set 'consumes' in apps/${service}/src/service.ts`,
      );
    }
    if (events.length === 0) {
      throw new OrgoError(
        'BUS.NO_HANDLERS',
        `${service} consumes ${this.consumes.queue} but none of its controllers has an @EventPattern handler; add one or drop 'consumes'`,
      );
    }
    await consumeQueue(
      this.runtime,
      { queue: this.consumes.queue, prefetch: this.consumes.prefetch ?? DEFAULT_PREFETCH, serial: this.consumes.serial ?? false },
      (envelope, manager) => this.dispatch(envelope, manager),
    );
  }

  /**
   * Calls a handler as Nest wrapped it (guards, interceptors, pipes, filters): it resolves to the
   * handler's value or to an Observable of it — or, after a filter, an Observable of the error.
   */
  private async invoke(handler: MessageHandler, payload: unknown, context: BaseRpcContext): Promise<unknown> {
    try {
      const result: unknown = await handler(payload, context);
      return isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result;
    } catch (caught) {
      throw asError(caught);
    }
  }
}

function assertRoutingPattern(service: string, pattern: string, isEvent: boolean): void {
  const wildcard = /(^|\.)[*#](\.|$)/.test(pattern);
  if (ROUTING_PATTERN.test(pattern) && (isEvent || !wildcard)) return;
  const expected = isEvent ? "a routing key or topic pattern ('email.parsed', 'task.*.created', 'task.#')" : "an RPC name ('rpc.task.list')";
  throw new OrgoError('BUS.UNSUPPORTED_PATTERN', `${service}: pattern ${describeValue(pattern)} is not ${expected}; use the constants of @orgo/contracts`);
}

/**
 * The error as the bus needs it. Without `PropagateBusErrorsFilter` Nest hands over a plain
 * `{ status: 'error', message }` instead of the error: it still fails the message (and retries it),
 * never acknowledges it as handled.
 */
function asError(caught: unknown): Error {
  if (caught instanceof Error) return caught;
  return new OrgoError(
    'BUS.HANDLER_FAILED',
    `A bus handler failed with ${describeValue(caught)}; the original error was replaced by an exception filter (start the service with startService)`,
  );
}
