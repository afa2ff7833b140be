import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MESSAGE_BUS, MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@orgo/messaging';
import { type DatabaseOptions, type ServiceDataSourceOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type KeyRing, bindKeyRing, resolveKeyRing } from '@orgo/security';
import { DataSource, type MigrationInterface } from 'typeorm';

import { CLOCK, KEY_RING, LOGGER, SERVICE_CONTEXT, type ServiceContext } from './service-context';
import { ServiceRuntime } from './service-runtime';

export interface ServiceStorage {
  /** The service's own entities (the messaging tables are added here). */
  entities: (new () => unknown)[];
  /** The service's own migrations, oldest first. */
  migrations: (new () => MigrationInterface)[];
  /**
   * Columns that hold sealed values (`@orgo/security` `seal`): `orgo keys rotate` re-encrypts them
   * with the active key. The messaging tables' sealed envelopes are added for every service.
   */
  sealed?: SealedColumns[];
}

/** A table's sealed columns and the key that finds a row again. */
export interface SealedColumns {
  table: string;
  primaryKey: string[];
  columns: string[];
}

/** A service's data source: its own tables plus the outbox, inbox and dead-letter tables. */
export function serviceDataSourceOptions(service: string, database: DatabaseOptions, storage: ServiceStorage): ServiceDataSourceOptions {
  return {
    service,
    database,
    entities: [...storage.entities, ...MESSAGING_ENTITIES],
    migrations: [...MESSAGING_MIGRATIONS, ...storage.migrations],
  };
}

/**
 * The context's key ring, else the one its environment, security files or home hold (the standalone
 * shape generates one on its first start and logs where; a distributed service without keys stops).
 */
export function keyRingFor(context: ServiceContext): KeyRing {
  return (
    context.keys ??
    resolveKeyRing({ env: context.env, security: context.config.security ?? {}, home: context.home, shape: context.shape }, (file) =>
      context.logger.warn({ file }, 'encryption and audit keys generated for this home: back this file up with the database, data sealed with it cannot be read without it'),
    )
  );
}

@Global()
@Module({})
export class ServiceRuntimeModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Provides a service with its context, logger, clock, bus, its own database (migrated at start),
   * a transaction runner and the ServiceRuntime (inbox consumption, outbox relay, dead letters).
   */
  static register(context: ServiceContext, storage: ServiceStorage): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      providers: [
        { provide: SERVICE_CONTEXT, useValue: context },
        { provide: LOGGER, useValue: context.logger },
        { provide: CLOCK, useValue: context.clock },
        { provide: MESSAGE_BUS, useValue: context.bus },
        { provide: KEY_RING, useFactory: () => keyRingFor(context) },
        {
          provide: DataSource,
          useFactory: async (keys: KeyRing) => {
            const dataSource = await openServiceDatabase(serviceDataSourceOptions(context.service, context.database, storage));
            bindKeyRing(dataSource, keys);
            return dataSource;
          },
          inject: [KEY_RING],
        },
        { provide: TransactionRunner, useFactory: (ds: DataSource) => new TransactionRunner(ds), inject: [DataSource] },
        ServiceRuntime,
      ],
      exports: [SERVICE_CONTEXT, LOGGER, CLOCK, KEY_RING, MESSAGE_BUS, DataSource, TransactionRunner, ServiceRuntime],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
