import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key, and a block once past the limit, in one atomic step:
 * KEYS[1] hits, KEYS[2] block; ARGV window ms, limit, block ms. Answers hits, window ms left, block ms left.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
if blocked < 0 then blocked = 0 end
return { hits, left, blocked }
`;

export interface RedisThrottlerStorageOptions {
  url: string;
  /** Prefix of the keys: the installation's Redis namespace. */
  namespace: string;
  commandTimeoutMs?: number;
  /** Told once when Redis stops answering and once when it is back. */
  onOutage?: (down: boolean, error?: Error) => void;
}

/**
 * Rate-limit counts in Redis, shared by every replica of the api-gateway (a small storage over
 * ioredis, the client the cache uses already, rather than another package: it must degrade the way
 * the cache does). While Redis cannot answer, each replica counts in memory: limits stay enforced
 * per replica and the API keeps answering.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: Redis;
  private readonly local = new ThrottlerStorageService();
  private down = false;

  constructor(private readonly options: RedisThrottlerStorageOptions) {
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      connectTimeout: 2000,
      commandTimeout: options.commandTimeoutMs ?? 500,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    });
    this.redis.on('error', () => undefined);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      const prefix = `${this.options.namespace}:throttle:${throttlerName}:${key}`;
      const [hits, leftMs, blockedMs] = (await this.redis.eval(INCREMENT, 2, `${prefix}:hits`, `${prefix}:block`, ttl, limit, blockDuration)) as [number, number, number];
      this.outage(false);
      return { totalHits: hits, timeToExpire: Math.ceil(leftMs / 1000), isBlocked: blockedMs > 0, timeToBlockExpire: Math.ceil(blockedMs / 1000) };
    } catch (error) {
      this.outage(true, error as Error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async close(): Promise<void> {
    this.local.onApplicationShutdown();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private outage(down: boolean, error?: Error): void {
    if (down === this.down) return;
    this.down = down;
    this.options.onOutage?.(down, error);
  }
}
