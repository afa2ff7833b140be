import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { ServiceName } from '@orgo/contracts';

import type { BusQueueOptions } from './bus-server';
import type { ServiceContext } from './service-context';
import type { ServiceStorage } from './service-runtime.module';

/**
 * What each app exports from `src/service.ts`: its name and its root module. The `orgo` command
 * loads services by name and boots each from this definition (`startService`) — all eight in one
 * process (standalone) or one per process (distributed) — without any app importing another.
 */
export interface ServiceDefinition {
  name: ServiceName;
  /** Its own tables and migrations (`orgo migrate` applies them without booting the service). */
  storage: ServiceStorage;
  /** The service serves HTTP (the api-gateway). */
  http: boolean;
  /** The queue its `@EventPattern` handlers consume, with its prefetch and ordering. */
  consumes?: BusQueueOptions;
  module(context: ServiceContext): DynamicModule;
  /** HTTP setup (validation, OpenAPI) for a service that serves HTTP. */
  configureHttp?(app: INestApplication): void;
}
