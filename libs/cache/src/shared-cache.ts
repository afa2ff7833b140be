/**
 * A cache shared by every replica of a service (Redis in the distributed shape, memory in the
 * standalone one): JSON values by key with a time to live, and invalidation messages on a channel.
 * No method ever throws: a cache that cannot answer behaves as an empty one, so the caller computes
 * the value itself (slower, never wrong).
 */
export interface SharedCache {
  /** Prefix of every key and channel, to share one Redis between installations. */
  readonly namespace: string;
  /** The stored value, or undefined (absent, expired, or the cache cannot answer). */
  getJson<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serializable value for `ttlSeconds` (the cache's default when omitted). */
  setJson(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  /**
   * Marks `key` as taken for `ttlSeconds` unless it is taken already, in one atomic step shared by
   * every replica (Redis `SET NX`): true for the first claim, false when it was claimed before, null
   * when the cache cannot answer (the caller decides what an unknown answer means).
   */
  claim(key: string, ttlSeconds: number): Promise<boolean | null>;
  /** Sends a JSON message to every subscriber of the channel, in every replica. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Calls `handler` with each message on the channel; resolves to the function that stops it. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>>;
  /** `up` or `down` for a shared store, `idle` before its first use, `memory` for the in-process one. */
  status(): CacheStatus;
  close(): Promise<void>;
}

export type CacheStatus = 'up' | 'down' | 'idle' | 'memory';

/** The logging the cache needs (a pino logger fits). */
export interface CacheLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** One day: cached models are addressed by content hash, so an old entry is never wrong, only unused. */
export const DEFAULT_CACHE_TTL_SECONDS = 86_400;
