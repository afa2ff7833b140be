import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { MemoryCache } from '@orgo/cache';
import type { OrgoConfig } from '@orgo/config';
import { SERVICE_NAMES, type ServiceName } from '@orgo/contracts';
import { InProcessBus } from '@orgo/messaging';
import {
  type Clock,
  NestPinoLogger,
  type ReadinessReport,
  type ServiceContext,
  createProcessLogger,
  startService,
} from '@orgo/runtime';
import type { Logger } from 'pino';

import { retryDelaysFrom } from './retry-delays';
import { loadServiceDefinition } from './service-loader';

export interface StandaloneOptions {
  config: OrgoConfig;
  home: string;
  port: number;
  host: string;
  env: Record<string, string | undefined>;
  clock?: Clock;
  /** Retry delays of failed messages (tests shorten them). */
  retryDelaysMs?: number[];
}

export interface RunningStandalone {
  bus: InProcessBus;
  logger: Logger;
  url: string;
  stop(): Promise<void>;
}

/** Services that take no new work in first at shutdown: the API and the intake. */
const SHUTDOWN_FIRST: ServiceName[] = ['api-gateway', 'email-gateway'];

/**
 * The standalone shape: all eight services in this process, each booted from its own definition
 * with its own SQLite database under `<home>/data/`, talking over the in-process bus exactly as they
 * would over RabbitMQ. The API starts last, so `/health/ready` answering means everything runs.
 */
export async function startStandalone(options: StandaloneOptions): Promise<RunningStandalone> {
  const { config, home } = options;
  const logger = createProcessLogger({ level: String(config.base.log_level ?? 'info'), file: path.join(home, 'logs', 'orgo.log') });
  const bus = new InProcessBus({
    onError: (queue, envelope, error, attempt) =>
      logger.warn({ err: error, queue, messageId: envelope.id, routingKey: envelope.type, attempt }, 'message handling failed'),
  });
  // One process, no Redis: the services share a cache in memory.
  const cache = new MemoryCache();
  const apps = new Map<ServiceName, INestApplicationContext>();
  const readiness = (): ReadinessReport[] =>
    SERVICE_NAMES.filter((n) => n !== 'api-gateway').map((service) => ({ service, ready: apps.has(service) }));
  const order = [...SERVICE_NAMES.filter((n) => n !== 'api-gateway'), 'api-gateway' as const];
  try {
    for (const name of order) {
      const definition = loadServiceDefinition(name);
      const serviceLogger = logger.child({ service: name });
      const context: ServiceContext = {
        service: name,
        shape: 'standalone',
        config,
        home,
        database: { type: 'sqlite', path: path.join(home, 'data', `${name}.sqlite`) },
        bus,
        logger: serviceLogger,
        clock: options.clock ?? (() => new Date()),
        retryDelaysMs: options.retryDelaysMs ?? retryDelaysFrom(config),
        env: options.env,
        readiness,
        cache,
        ...(definition.http ? { http: { host: options.host, port: options.port } } : {}),
      };
      apps.set(name, await startService(definition, context, new NestPinoLogger(serviceLogger)));
      logger.info({ service: name }, 'service started');
    }
  } catch (error) {
    for (const app of [...apps.values()].reverse()) await app.close().catch(() => undefined);
    await bus.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const name of SHUTDOWN_FIRST) await apps.get(name)?.close();
      await Promise.race([bus.whenIdle(), new Promise((r) => setTimeout(r, 5000))]);
      await bus.stopConsuming();
      for (const name of [...order].reverse()) if (!SHUTDOWN_FIRST.includes(name)) await apps.get(name)?.close();
      await bus.close();
      logger.info('standalone stopped');
      logger.flush();
    })());
  return { bus, logger, url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`, stop };
}
