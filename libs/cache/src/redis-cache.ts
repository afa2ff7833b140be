import { redactUrl } from '@orgo/domain';
import Redis, { type RedisOptions } from 'ioredis';

import { cacheMetrics } from './cache-metrics';
import { type CacheLogger, type CacheStatus, DEFAULT_CACHE_TTL_SECONDS, type SharedCache } from './shared-cache';

export interface RedisCacheOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` */
  url: string;
  namespace: string;
  /** Default time to live of stored values. */
  ttlSeconds?: number;
  /** Longest wait for a connection, at the first use and at each reconnection attempt. */
  connectTimeoutMs?: number;
  /** Longest wait for one command; past it the caller computes locally. */
  commandTimeoutMs?: number;
  /** Longest pause between two reconnection attempts. */
  maxReconnectDelayMs?: number;
  /** The service using the cache, for the metrics' `service` label. */
  service?: string;
  logger?: CacheLogger;
}

type Handler = (message: unknown) => void;

/**
 * The shared cache over Redis (ioredis). It never makes Orgo fail: no offline queue (a command
 * while disconnected fails at once instead of waiting), bounded connect and command timeouts, and
 * every failure answers as a miss so the caller computes locally. An outage is logged once when it
 * starts and once when it ends, and every fallback is counted (`orgo_cache_errors_total`). It
 * connects at its first use, reconnects by itself, and re-subscribes its channels when Redis is back.
 */
export class RedisCache implements SharedCache {
  readonly namespace: string;
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly ttlSeconds: number;
  private readonly connectTimeoutMs: number;
  private readonly service: string;
  private readonly logger?: CacheLogger;
  private readonly channels = new Map<string, Set<Handler>>();
  private firstConnection?: Promise<void>;
  private outage = false;
  private closed = false;

  constructor(private readonly options: RedisCacheOptions) {
    this.namespace = options.namespace;
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    this.service = options.service ?? 'orgo';
    this.logger = options.logger;
    const maxDelay = options.maxReconnectDelayMs ?? 5000;
    const common: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      connectTimeout: this.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 500,
      maxRetriesPerRequest: 0,
      autoResubscribe: true,
      disconnectTimeout: 500,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), maxDelay),
    };
    this.client = new Redis(options.url, { ...common, connectionName: `orgo-${this.service}` });
    this.subscriber = new Redis(options.url, { ...common, connectionName: `orgo-${this.service}-invalidation` });
    for (const connection of [this.client, this.subscriber]) {
      // Connection errors come again at each reconnection attempt: the outage is logged once.
      connection.on('error', (error: Error) => this.down('connect', error, false));
    }
    this.client.on('ready', () => this.up());
    this.client.on('close', () => !this.closed && this.client.status !== 'ready' && this.down('connect', new Error('connection closed'), false));
    this.subscriber.on('ready', () => void this.resubscribe());
    this.subscriber.on('message', (channel: string, text: string) => this.deliver(channel, text));
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    if (!(await this.connected())) return this.fallback('get');
    try {
      const text = await this.client.get(key);
      return text === null ? undefined : (JSON.parse(text) as T);
    } catch (error) {
      this.down('get', error as Error);
      return undefined;
    }
  }

  async setJson(key: string, value: unknown, ttlSeconds = this.ttlSeconds): Promise<void> {
    if (!(await this.connected())) return this.fallback('set');
    try {
      await this.client.set(key, JSON.stringify(value), 'EX', Math.max(1, Math.round(ttlSeconds)));
    } catch (error) {
      this.down('set', error as Error);
    }
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean | null> {
    if (!(await this.connected())) return this.fallback('claim') ?? null;
    try {
      return (await this.client.set(key, '1', 'EX', Math.max(1, Math.round(ttlSeconds)), 'NX')) === 'OK';
    } catch (error) {
      this.down('claim', error as Error);
      return null;
    }
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (!(await this.connected())) return this.fallback('publish');
    try {
      await this.client.publish(channel, JSON.stringify(message));
    } catch (error) {
      this.down('publish', error as Error);
    }
  }

  async subscribe(channel: string, handler: Handler): Promise<() => Promise<void>> {
    const handlers = this.channels.get(channel) ?? new Set<Handler>();
    handlers.add(handler);
    this.channels.set(channel, handlers);
    await this.start();
    // Subscribed now when Redis answers; otherwise at the next 'ready' (see resubscribe).
    if (this.subscriber.status === 'ready') await this.subscriber.subscribe(channel).catch((error: Error) => this.down('subscribe', error));
    return async () => {
      handlers.delete(handler);
      if (handlers.size > 0) return;
      this.channels.delete(channel);
      if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  status(): CacheStatus {
    if (!this.firstConnection) return 'idle';
    const subscribed = this.channels.size === 0 || this.subscriber.status === 'ready';
    return this.client.status === 'ready' && subscribed ? 'up' : 'down';
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [this.client, this.subscriber].map((c) => (c.status === 'ready' ? c.quit().then(() => undefined, () => c.disconnect()) : c.disconnect())),
    );
  }

  /** Starts both connections at the first use (a service that never uses the cache never connects). */
  private start(): Promise<void> {
    if (!this.firstConnection) {
      const attempt = (connection: Redis) =>
        new Promise<void>((resolve) => {
          const settle = () => {
            clearTimeout(timer);
            connection.off('ready', settle).off('error', settle);
            resolve();
          };
          const timer = setTimeout(settle, this.connectTimeoutMs);
          connection.once('ready', settle).once('error', settle);
          connection.connect().catch(() => undefined);
        });
      this.firstConnection = Promise.all([attempt(this.client), attempt(this.subscriber)]).then(() => undefined);
    }
    return this.firstConnection;
  }

  /** Whether Redis can be asked now: waits for the first connection once (bounded), never after. */
  private async connected(): Promise<boolean> {
    if (this.closed) return false;
    await this.start();
    return this.client.status === 'ready';
  }

  private fallback(operation: string): undefined {
    this.down(operation, new Error(`Redis at ${redactUrl(this.options.url)} is not connected`));
    return undefined;
  }

  private down(operation: string, error: Error, counted = true): void {
    if (this.closed) return;
    if (counted) cacheMetrics.errors.inc({ service: this.service, operation });
    cacheMetrics.up.set({ service: this.service }, 0);
    if (this.outage) return;
    this.outage = true;
    this.logger?.warn(
      { err: error, redis: redactUrl(this.options.url), operation },
      'shared cache (Redis) unreachable: rule sets and directories are computed locally until it is back; reconnecting',
    );
  }

  private up(): void {
    cacheMetrics.up.set({ service: this.service }, 1);
    if (!this.outage) return;
    this.outage = false;
    this.logger?.info({ redis: redactUrl(this.options.url) }, 'shared cache (Redis) is back');
  }

  private async resubscribe(): Promise<void> {
    // ioredis re-subscribes what it had subscribed before a reconnection; channels added while
    // Redis was down were never subscribed, so every wanted channel is (idempotently) asked for.
    const wanted = [...this.channels.keys()];
    if (wanted.length) await this.subscriber.subscribe(...wanted).catch((error: Error) => this.down('subscribe', error));
  }

  private deliver(channel: string, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      this.logger?.warn({ err: error, channel }, 'ignored a cache message that is not JSON');
      return;
    }
    for (const handler of this.channels.get(channel) ?? []) {
      try {
        handler(message);
      } catch (error) {
        this.logger?.warn({ err: error, channel }, 'cache message handler failed');
      }
    }
  }
}

/** The URL without its password, for logs. */
