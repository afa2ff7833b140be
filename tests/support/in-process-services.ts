import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { MemoryCache } from '@orgo/cache';
import type { OrgoConfig } from '@orgo/config';
import type { Envelope, ServiceName } from '@orgo/contracts';
import { InProcessBus } from '@orgo/messaging';
import { type Clock, NestPinoLogger, type ServiceContext, type ServiceDefinition, createProcessLogger, startService } from '@orgo/runtime';

import { DataSource } from 'typeorm';

import { ROOT } from './standalone-process';

/**
 * Some of the services, each booted from its own definition in this process over one in-process
 * bus, with a clock the test sets: the standalone shape's wiring, for suites that need to reach
 * inside (a fake clock, a service's providers). Each service keeps its own SQLite database in `home`.
 */
export class InProcessServices {
  readonly bus = new InProcessBus();
  private readonly apps = new Map<ServiceName, INestApplicationContext>();
  private now: Date;

  constructor(
    private readonly config: OrgoConfig,
    private readonly home: string,
    start: Date,
  ) {
    this.now = start;
  }

  /** The time every service reads. */
  readonly clock: Clock = () => new Date(this.now.getTime());

  setTime(at: Date | string): void {
    this.now = new Date(at);
  }

  async start(names: ServiceName[]): Promise<void> {
    const logger = createProcessLogger({ level: 'warn', file: path.join(this.home, 'logs', 'orgo.log') });
    const cache = new MemoryCache();
    for (const name of names) {
      const serviceLogger = logger.child({ service: name });
      const context: ServiceContext = {
        service: name,
        shape: 'standalone',
        config: this.config,
        home: this.home,
        database: { type: 'sqlite', path: path.join(this.home, 'data', `${name}.sqlite`) },
        bus: this.bus,
        logger: serviceLogger,
        clock: this.clock,
        retryDelaysMs: [50, 100],
        env: {},
        cache,
      };
      this.apps.set(name, await startService(definition(name), context, new NestPinoLogger(serviceLogger)));
    }
  }

  /** A provider of a running service, by the file (under `apps/<service>/src/`) and name of its class. */
  provider<T>(service: ServiceName, file: string, className: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const type = require(path.join(ROOT, 'apps', service, 'src', file))[className];
    const app = this.apps.get(service);
    if (!app || !type) throw new Error(`${service} is not running here or has no ${className} in ${file}`);
    return app.get(type);
  }

  /**
   * Publishes as a service would, without waiting: the in-process bus settles a message once every
   * bound queue took it, and the queues of services not started here never do.
   */
  publish(envelope: Envelope): void {
    void this.bus.publish(envelope).catch(() => undefined);
  }

  /** Reads a service's own database (SQL with `?` placeholders). */
  query<T = Record<string, unknown>>(service: ServiceName, sql: string, parameters: unknown[] = []): Promise<T[]> {
    const app = this.apps.get(service);
    if (!app) throw new Error(`${service} is not running here`);
    return app.get(DataSource).query(sql, parameters);
  }

  /** Calls a service over the bus, the way the API does; throws the service's error. */
  async rpc<T>(name: string, payload: unknown): Promise<T> {
    const result = await this.bus.request<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>(name, payload, 10_000);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  async stop(): Promise<void> {
    await this.bus.stopConsuming();
    for (const app of [...this.apps.values()].reverse()) await app.close();
    await this.bus.close();
  }
}

/** A service's definition, loaded by name like the `orgo` command does (no static import of an app). */
function definition(name: ServiceName): ServiceDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'apps', name, 'src', 'service')).service as ServiceDefinition;
}
