import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MESSAGE_BUS, MESSAGING_ENTITIES, MessagingTables1732406400000 } from '@orgo/messaging';
import { TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { DataSource, type MigrationInterface } from 'typeorm';

import { CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from './service-context';
import { ServiceRuntime } from './service-runtime';

export interface ServiceStorage {
  /** The service's own entities (the messaging tables are added here). */
  entities: (new () => unknown)[];
  /** The service's own migrations, oldest first. */
  migrations: (new () => MigrationInterface)[];
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
          useFactory: () =>
            openServiceDatabase({
              service: context.service,
              database: context.database,
              entities: [...storage.entities, ...MESSAGING_ENTITIES],
              migrations: [MessagingTables1732406400000, ...storage.migrations],
            }),
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
