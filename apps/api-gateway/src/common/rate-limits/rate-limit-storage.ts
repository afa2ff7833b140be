import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ServiceContext } from '@orgo/runtime';

import { RedisThrottlerStorage } from './redis-throttler.storage';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/**
 * Where rate-limit counts live: Redis in the distributed shape (`services/redis` `url` and the
 * installation's namespace), so replicas share them; memory in the standalone shape (one process).
 */
export function rateLimitStorage(context: ServiceContext): ThrottlerStorage & { close?: () => Promise<void> } {
  if (context.shape !== 'distributed') return new ThrottlerStorageService();
  const redis = (context.config.services.redis ?? {}) as { url?: unknown };
  return new RedisThrottlerStorage({
    url: typeof redis.url === 'string' ? redis.url : 'redis://127.0.0.1:6379',
    namespace: context.cache?.namespace ?? 'orgo',
    onOutage: (down, error) =>
      down
        ? context.logger.warn({ err: error }, 'rate limits: Redis does not answer; each replica counts on its own until it is back')
        : context.logger.info('rate limits: Redis answers again; replicas share their counts'),
  });
}

/** Closes the rate-limit storage's connection at shutdown. */
@Injectable()
export class RateLimitStorageCloser implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage & { close?: () => Promise<void>; onApplicationShutdown?: () => void }) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close?.();
    this.storage.onApplicationShutdown?.();
  }
}
