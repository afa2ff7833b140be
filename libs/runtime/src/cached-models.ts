import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { type CachedModelSource, CachedModelRegistry, MemoryCache } from '@orgo/cache';

import type { ServiceContext } from './service-context';

/**
 * A service's per-organization values (rule sets, directories) through the cache its process
 * shares with the other replicas (`context.cache`), or through a memory cache of its own when the
 * process gives none. Loaded before the service consumes (module init); released at shutdown.
 * A subclass is the service's provider and says what an unknown organization is.
 */
export abstract class CachedOrganizationModels<Model, Value> implements OnModuleInit, OnModuleDestroy {
  protected readonly models: CachedModelRegistry<Model, Value>;

  protected constructor(context: ServiceContext, source: CachedModelSource<Model, Value>) {
    this.models = new CachedModelRegistry(source, {
      cache: context.cache ?? new MemoryCache({ namespace: context.service }),
      service: context.service,
      logger: context.logger,
    });
  }

  onModuleInit(): Promise<void> {
    return this.models.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.models.stop();
  }

  /** The value of an organization; throws what `unknown` makes when this configuration lacks it. */
  protected valueOf(organization: string, unknown: () => Error): Value {
    const value = this.models.get(organization);
    if (value === undefined) throw unknown();
    return value;
  }
}
