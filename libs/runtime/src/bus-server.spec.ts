import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Controller, type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AsyncMicroserviceOptions, Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { OrgoConfig } from '@orgo/config';
import { type Envelope, QUEUES, createEnvelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { DeadLetterEntity, InProcessBus, InboxMessageEntity, OutboxMessageEntity, addToOutbox, envelopeFromRest } from '@orgo/messaging';
import pino from 'pino';
import { type Observable, of } from 'rxjs';
import { DataSource } from 'typeorm';

import { BusContext, BusRequestContext } from './bus-context';
import { OrgoBusServer } from './bus-server';
import { NestPinoLogger } from './nest-logger';
import { startService } from './service-bootstrap';
import type { ServiceContext } from './service-context';
import type { ServiceDefinition } from './service-definition';
import { serviceMetrics } from './service-metrics';
import { ServiceRuntime } from './service-runtime';
import { ServiceRuntimeModule } from './service-runtime.module';

/** What the probe's handlers saw, by handler: the routing keys they were given. */
// The probe's own events (`probe.noted`) are bound by no queue but the service's own `#`: a
// relay publishing them never waits on a service this spec does not run.
type Seen = Record<string, string[]>;

@Controller()
class ProbeConsumer {
  readonly seen: Seen = {};
  private flakyFailures = 1;

  @EventPattern('task.*.created')
  async created(@Ctx() context: BusContext<{ n: number }>): Promise<'processed'> {
    this.note('created', context.envelope);
    await addToOutbox(context.manager, createEnvelope('probe.noted', { n: context.envelope.payload.n }, { producer: 'probe', cause: context.envelope }));
    return 'processed';
  }

  @EventPattern('task.#')
  anyTaskEvent(@Ctx() context: BusContext): 'skipped' {
    this.note('anyTaskEvent', context.envelope);
    return 'skipped';
  }

  @EventPattern('email.received')
  async flaky(@Payload() payload: { n: number }, @Ctx() context: BusContext): Promise<'processed'> {
    this.note('flaky', context.envelope);
    await addToOutbox(context.manager, createEnvelope('probe.noted', payload, { producer: 'probe', cause: context.envelope }));
    if (this.flakyFailures-- > 0) throw new Error('database hiccup');
    return 'processed';
  }

  @EventPattern('email.parsed')
  invalid(@Ctx() context: BusContext): never {
    this.note('invalid', context.envelope);
    throw new OrgoError('PROBE.NO_SENDER', 'The email has no sender', { retryable: false });
  }

  @EventPattern('email.ignored')
  noOutcome(@Ctx() context: BusContext): string {
    this.note('noOutcome', context.envelope);
    return 'done';
  }

  @MessagePattern('rpc.probe.echo')
  echo(@Payload() payload: unknown, @Ctx() context: BusRequestContext): { name: string; payload: unknown } {
    return { name: context.name, payload };
  }

  @MessagePattern('rpc.probe.stream')
  stream(): Observable<number> {
    return of(1, 2, 42);
  }

  @MessagePattern('rpc.probe.broken')
  broken(): never {
    throw new OrgoError('PROBE.BROKEN', 'The probe is broken');
  }

  private note(handler: string, envelope: Envelope): void {
    (this.seen[handler] ??= []).push(envelope.type);
  }
}

@Module({})
class ProbeModule {
  static register(context: ServiceContext, controllers: (new (...args: never[]) => unknown)[]): DynamicModule {
    return {
      module: ProbeModule,
      imports: [ServiceRuntimeModule.register(context, { entities: [], migrations: [] })],
      controllers,
    };
  }
}

const silent = pino({ level: 'silent' });

describe('OrgoBusServer (Nest custom transport over the in-process bus)', () => {
  let dir: string;
  let bus: InProcessBus;
  let app: INestApplicationContext | undefined;

  const contextFor = (database: string): ServiceContext => ({
    service: 'audit-log',
    shape: 'standalone',
    config: {} as OrgoConfig,
    home: dir,
    database: { type: 'sqlite', path: path.join(dir, `${database}.sqlite`) },
    bus,
    logger: silent,
    clock: () => new Date(),
    retryDelaysMs: [5, 5],
    env: {},
  });

  const definitionOf = (controllers: (new (...args: never[]) => unknown)[], consumes: ServiceDefinition['consumes']): ServiceDefinition => ({
    name: 'audit-log',
    storage: { entities: [], migrations: [] },
    http: false,
    consumes,
    module: (context) => ProbeModule.register(context, controllers),
  });

  /** Delivers a message to the service's queue as the bus routes it; resolves once it is acknowledged. */
  const deliver = async (type: string, payload: unknown = { n: 1 }) => {
    const envelope = createEnvelope(type, payload, { producer: 'test' });
    await bus.sendToQueue(QUEUES.auditLog, envelope);
    return envelope;
  };

  /** The outbox rows a handler wrote for a message. */
  const outboxCausedBy = async (envelope: Envelope) =>
    (await app!.get(DataSource).manager.find(OutboxMessageEntity)).filter((row) => envelopeFromRest(app!.get(DataSource), row.envelope).causationId === envelope.id);

  const inboxOutcome = async (envelope: Envelope) =>
    (await app!.get(DataSource).manager.findOneBy(InboxMessageEntity, { messageId: envelope.id }))?.outcome;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-bus-server-'));
    bus = new InProcessBus();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('started with startService', () => {
    let probe: ProbeConsumer;

    beforeEach(async () => {
      app = await startService(definitionOf([ProbeConsumer], { queue: QUEUES.auditLog, prefetch: 4 }), contextFor('probe'), new NestPinoLogger(silent));
      probe = app.get(ProbeConsumer);
    });

    it('routes a routing key to every handler whose topic pattern matches it, in one transaction', async () => {
      const created = await deliver('task.maintenance.created');
      const escalated = await deliver('task.maintenance.escalated');
      expect(probe.seen.created).toEqual(['task.maintenance.created']);
      expect(probe.seen.anyTaskEvent).toEqual(['task.maintenance.created', 'task.maintenance.escalated']);
      expect(await inboxOutcome(created)).toBe('processed');
      expect(await inboxOutcome(escalated)).toBe('skipped');
      // The handler's outbox row committed with the message's inbox row.
      expect((await outboxCausedBy(created)).map((row) => row.routingKey)).toEqual(['probe.noted']);
    });

    it('skips a routing key that no pattern handles, and counts the outcome', async () => {
      const skippedBefore = (await serviceMetrics.handled.get()).values.find(
        (v) => v.labels.service === 'audit-log' && v.labels.routing_key === 'command.task.create' && v.labels.outcome === 'skipped',
      )?.value ?? 0;
      const unhandled = await deliver('command.task.create');
      expect(await inboxOutcome(unhandled)).toBe('skipped');
      expect(Object.values(probe.seen).flat()).toEqual([]);
      const skippedAfter = (await serviceMetrics.handled.get()).values.find(
        (v) => v.labels.service === 'audit-log' && v.labels.routing_key === 'command.task.create' && v.labels.outcome === 'skipped',
      )?.value;
      expect(skippedAfter).toBe(skippedBefore + 1);
    });

    it('handles a redelivered message once (inbox)', async () => {
      const created = await deliver('task.hr.created');
      await bus.sendToQueue(QUEUES.auditLog, created);
      expect(probe.seen.created).toEqual(['task.hr.created']);
      expect(await outboxCausedBy(created)).toHaveLength(1);
    });

    it('retries a retryable failure without keeping what the failed attempt wrote', async () => {
      const received = await deliver('email.received', { n: 7 });
      expect(probe.seen.flaky).toEqual(['email.received', 'email.received']);
      expect(await inboxOutcome(received)).toBe('processed');
      expect(await outboxCausedBy(received)).toHaveLength(1);
      expect(await app!.get(DataSource).manager.countBy(DeadLetterEntity, {})).toBe(0);
    });

    it("hands the handler's own error to the bus: a non-retryable OrgoError is dead-lettered at once, with its message", async () => {
      const parsed = await deliver('email.parsed');
      expect(probe.seen.invalid).toEqual(['email.parsed']);
      const [dead] = await app!.get(DataSource).manager.findBy(DeadLetterEntity, {});
      expect(dead).toMatchObject({ queue: QUEUES.auditLog, routingKey: 'email.parsed', attempts: 1 });
      expect(dead.error).toContain('The email has no sender');
      expect(await inboxOutcome(parsed)).toBeUndefined();
    });

    it('dead-letters a message whose handler returns no outcome', async () => {
      await deliver('email.ignored');
      const [dead] = await app!.get(DataSource).manager.findBy(DeadLetterEntity, {});
      expect(dead).toMatchObject({ routingKey: 'email.ignored', attempts: 1 });
      expect(dead.error).toContain("returned 'done'");
    });

    it('answers @MessagePattern requests on the bus, Observables included, and passes the error of a failing one', async () => {
      await expect(bus.request('rpc.probe.echo', { q: 1 }, 1000)).resolves.toEqual({ name: 'rpc.probe.echo', payload: { q: 1 } });
      await expect(bus.request('rpc.probe.stream', {}, 1000)).resolves.toBe(42);
      await expect(bus.request('rpc.probe.broken', {}, 1000)).rejects.toMatchObject({ code: 'PROBE.BROKEN' });
    });

    it('serves the runtime itself too: the dead letters of the service', async () => {
      await deliver('email.parsed');
      const list = await bus.request<{ ok: boolean; value: { items: { routing_key: string }[] } }>('rpc.dlq.list.audit-log', {}, 1000);
      expect(list.value.items.map((i) => i.routing_key)).toEqual(['email.parsed']);
    });
  });

  it('still fails (and retries) a message when an exception filter swallowed the error', async () => {
    // Started without PropagateBusErrorsFilter: Nest's default filter replaces the error.
    const definition = definitionOf([ProbeConsumer], { queue: QUEUES.auditLog });
    const microservice = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(definition.module(contextFor('bare')), {
      inject: [ServiceRuntime],
      useFactory: (runtime: ServiceRuntime) => ({ strategy: new OrgoBusServer(runtime, definition.consumes) }),
      logger: false,
    });
    app = microservice;
    await microservice.listen();
    await deliver('email.parsed');
    expect(app.get(ProbeConsumer).seen.invalid).toHaveLength(3);
    const [dead] = await app.get(DataSource).manager.findBy(DeadLetterEntity, {});
    expect(dead).toMatchObject({ routingKey: 'email.parsed', attempts: 3 });
    expect(dead.error).toContain('replaced by an exception filter');
  });

  describe('refuses to start', () => {
    @Controller()
    class TwoForOnePattern {
      @EventPattern('task.#')
      one(): 'processed' {
        return 'processed';
      }

      @EventPattern('task.#')
      other(): 'processed' {
        return 'processed';
      }
    }

    @Controller()
    class ObjectPattern {
      @EventPattern({ cmd: 'create' })
      create(): 'processed' {
        return 'processed';
      }
    }

    @Controller()
    class WildcardRequest {
      @MessagePattern('rpc.task.*')
      answer(): null {
        return null;
      }
    }

    @Controller()
    class RequestsOnly {
      @MessagePattern('rpc.only')
      answer(): null {
        return null;
      }
    }

    it.each([
      ['two handlers for one pattern', [TwoForOnePattern], { queue: QUEUES.auditLog }, 'BUS.DUPLICATE_PATTERN'],
      ['a pattern that is not a routing key', [ObjectPattern], { queue: QUEUES.auditLog }, 'BUS.UNSUPPORTED_PATTERN'],
      ['a wildcard RPC name', [WildcardRequest], undefined, 'BUS.UNSUPPORTED_PATTERN'],
      ['a queue without event handlers', [RequestsOnly], { queue: QUEUES.auditLog }, 'BUS.NO_HANDLERS'],
      ['event handlers without a queue', [ProbeConsumer], undefined, 'BUS.NO_QUEUE'],
    ])('with %s', async (_case, controllers, consumes, code) => {
      await expect(startService(definitionOf(controllers, consumes), contextFor('refused'), new NestPinoLogger(silent))).rejects.toMatchObject({ code });
    });
  });
});
