import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MESSAGE_BUS, MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@orgo/messaging';
import { type DatabaseOptions, type ServiceDataSourceOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { DataSource, type MigrationInterface } from 'typeorm';

import { CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from './service-context';
import { ServiceRuntime } from './service-runtime';

export interface ServiceStorage {
  /** The service's own entities (the messaging tables are added here). */
  entities: (new () => unknown)[];
  /** The service's own migrations, oldest first. */
  migrations: (new () => MigrationInterface)[];
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
        {
          provide: DataSource,
          useFactory: () => openServiceDatabase(serviceDataSourceOptions(context.service, context.database, storage)),
        },
        { provide: TransactionRunner, useFactory: (ds: DataSource) => new TransactionRunner(ds), inject: [DataSource] },
        ServiceRuntime,
      ],
      exports: [SERVICE_CONTEXT, LOGGER, CLOCK, MESSAGE_BUS, DataSource, TransactionRunner, ServiceRuntime],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
