import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import type { SharedCache } from '@orgo/cache';
import type { OrgoConfig } from '@orgo/config';
import type { ServiceName } from '@orgo/contracts';
import type { MessageBus } from '@orgo/messaging';
import { type Clock, NestPinoLogger, type ReadinessReport, type ServiceContext, startService } from '@orgo/runtime';
import type { Logger } from 'pino';

import { loadServiceDefinition } from './service-loader';

/** What every service of a standalone thread shares: the bus, the cache, the process's settings. */
export interface ServiceGroupOptions {
  config: OrgoConfig;
  home: string;
  env: Record<string, string | undefined>;
  bus: MessageBus;
  cache: SharedCache;
  /** The thread's logger: a child per service. */
  logger: Logger;
  clock: Clock;
  retryDelaysMs: number[];
  /** The API's listener (the group that runs the api-gateway). */
  http?: { host: string; port: number };
  /** Readiness of every service of the process (the API's /health/ready). */
  readiness?: () => ReadinessReport[];
}

/**
 * Services of the standalone shape booted in this thread, each from its own definition with its
 * own SQLite database under `<home>/data/` — the same on the main thread and in a service thread.
 */
export class ServiceGroup {
  private readonly apps = new Map<ServiceName, INestApplicationContext>();

  constructor(private readonly options: ServiceGroupOptions) {}

  has(name: ServiceName): boolean {
    return this.apps.has(name);
  }

  /** Boots one service; resolves once it consumes (and, for the api-gateway, listens). */
  async start(name: ServiceName): Promise<void> {
    const definition = loadServiceDefinition(name);
    const context = this.contextOf(name, definition.http);
    this.apps.set(name, await startService(definition, context, new NestPinoLogger(context.logger)));
    this.options.logger.info({ service: name }, 'service started');
  }

  /** What a service of this group is given; `http` for the one that serves the API. */
  contextOf(name: ServiceName, http = false): ServiceContext {
    const o = this.options;
    return {
      service: name,
      shape: 'standalone',
      config: o.config,
      home: o.home,
      database: { type: 'sqlite', path: path.join(o.home, 'data', `${name}.sqlite`) },
      bus: o.bus,
      logger: o.logger.child({ service: name }),
      clock: o.clock,
      retryDelaysMs: o.retryDelaysMs,
      env: o.env,
      ...(o.readiness ? { readiness: o.readiness } : {}),
      cache: o.cache,
      ...(http && o.http ? { http: o.http } : {}),
    };
  }

  /** Closes one service (nothing when it does not run here). */
  async close(name: ServiceName): Promise<void> {
    const app = this.apps.get(name);
    this.apps.delete(name);
    await app?.close();
  }

  /** Closes what still runs, the last started first; errors are swallowed (a start that failed half-way). */
  async closeAll(): Promise<void> {
    for (const name of [...this.apps.keys()].reverse()) await this.close(name).catch(() => undefined);
  }
}
