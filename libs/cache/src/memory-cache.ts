import { type CacheStatus, DEFAULT_CACHE_TTL_SECONDS, type SharedCache } from './shared-cache';

export interface MemoryCacheOptions {
  namespace?: string;
  ttlSeconds?: number;
  /** Milliseconds since the epoch; tests inject their own. */
  now?: () => number;
}

/**
 * The cache of the standalone shape: one process, so "shared" means shared by the services of
 * this process. Values and messages go through JSON exactly as they would through Redis, so what
 * works here works there; messages are delivered asynchronously, as Redis does.
 */
export class MemoryCache implements SharedCache {
  readonly namespace: string;
  private readonly ttlSeconds: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { text: string; expiresAt: number }>();
  private readonly channels = new Map<string, Set<(message: unknown) => void>>();

  constructor(options: MemoryCacheOptions = {}) {
    this.namespace = options.namespace ?? 'orgo';
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
    this.now = options.now ?? Date.now;
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return JSON.parse(entry.text) as T;
  }

  async setJson(key: string, value: unknown, ttlSeconds = this.ttlSeconds): Promise<void> {
    this.entries.set(key, { text: JSON.stringify(value), expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    if ((await this.getJson(key)) !== undefined) return false;
    await this.setJson(key, 1, ttlSeconds);
    return true;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const text = JSON.stringify(message);
    for (const handler of [...(this.channels.get(channel) ?? [])]) setImmediate(() => handler(JSON.parse(text)));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>> {
    const handlers = this.channels.get(channel) ?? new Set();
    handlers.add(handler);
    this.channels.set(channel, handlers);
    return async () => void handlers.delete(handler);
  }

  status(): CacheStatus {
    return 'memory';
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.channels.clear();
  }
}
