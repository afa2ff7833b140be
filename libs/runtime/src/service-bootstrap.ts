import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions, NestMicroservice } from '@nestjs/microservices';

import { PropagateBusErrorsFilter } from './bus-errors.filter';
import { OrgoBusServer } from './bus-server';
import type { ServiceContext } from './service-context';
import type { ServiceDefinition } from './service-definition';
import { ServiceRuntime } from './service-runtime';

/**
 * Boots one service from its definition, the same in both shapes: a Nest microservice on the Orgo
 * bus transport (`OrgoBusServer`, built from the service's own `ServiceRuntime`), or for a service
 * that serves HTTP an HTTP application with that transport connected. Bus handlers keep their
 * errors (`PropagateBusErrorsFilter`, on the transport only). Resolves once the service consumes.
 */
export async function startService(definition: ServiceDefinition, context: ServiceContext, logger: LoggerService): Promise<INestApplicationContext> {
  const transport: AsyncMicroserviceOptions = {
    inject: [ServiceRuntime],
    useFactory: (runtime: ServiceRuntime) => ({ strategy: new OrgoBusServer(runtime, definition.consumes) }),
  };
  const module = definition.module(context);
  if (!definition.http) {
    const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(module, { ...transport, logger, abortOnError: false });
    app.useGlobalFilters(new PropagateBusErrorsFilter());
    await closeOnFailure(app, () => app.listen());
    return app;
  }
  const { http } = context;
  if (!http) throw new Error(`${definition.name} serves HTTP but was given no host and port`);
  const app = await NestFactory.create(module, { logger, abortOnError: false });
  definition.configureHttp?.(app);
  // Deferred: the transport's own filters are set before its handlers are wrapped, and the
  // application's init hooks run once (with the HTTP app), not again when the transport starts.
  const bus = app.connectMicroservice<AsyncMicroserviceOptions>(transport, { deferInitialization: true }) as NestMicroservice;
  bus.useGlobalFilters(new PropagateBusErrorsFilter());
  bus.setIsInitHookCalled(true);
  await closeOnFailure(app, async () => {
    await app.listen(http.port, http.host);
    await app.startAllMicroservices();
  });
  return app;
}

/** A service that cannot start releases what it opened (database, outbox relay, listener). */
async function closeOnFailure(app: INestApplicationContext, start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
