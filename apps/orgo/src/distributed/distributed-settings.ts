import type { OrgoConfig } from '@orgo/config';

export interface DistributedSettings {
  rabbitmqUrl: string;
  /** Prefix of the exchange and queues, to share a broker between installations. */
  namespace: string | undefined;
  postgresUrl: string;
  /** Prefix of the services' schemas, to share a database between installations. */
  schemaPrefix: string;
  poolSize: number;
  redis: RedisSettings;
}

/** Where the shared cache is (`services/redis/*.yaml`); the timeouts and time to live default in @orgo/cache. */
export interface RedisSettings {
  url: string;
  /** Prefix of every key and channel, to share a Redis between installations. */
  namespace: string;
  ttlSeconds?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/**
 * Where the distributed shape finds its broker, database and shared cache: `services/rabbitmq/*.yaml`
 * (`url`, `namespace`), `services/postgres/*.yaml` (`url`, `schema_prefix`, `pool_size`) and
 * `services/redis/*.yaml` (`url`, `namespace` — the RabbitMQ one by default —, `ttl_seconds`,
 * `connect_timeout_ms`, `command_timeout_ms`), overridable as any key through the environment
 * (`ORGO_RABBITMQ__URL`, `ORGO_RABBITMQ__NAMESPACE`, `ORGO_POSTGRES__URL`,
 * `ORGO_POSTGRES__SCHEMA_PREFIX`, `ORGO_POSTGRES__POOL_SIZE`, `ORGO_REDIS__URL`,
 * `ORGO_REDIS__NAMESPACE`, …); the local standard ports otherwise. The keys are validated when the
 * configuration loads.
 */
export function distributedSettings(config: OrgoConfig): DistributedSettings {
  const rabbit = config.services.rabbitmq ?? {};
  const postgres = config.services.postgres ?? {};
  const redis = config.services.redis ?? {};
  const namespace = typeof rabbit.namespace === 'string' && rabbit.namespace ? rabbit.namespace : undefined;
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    rabbitmqUrl: typeof rabbit.url === 'string' ? rabbit.url : 'amqp://guest:guest@127.0.0.1:5672',
    namespace,
    postgresUrl: typeof postgres.url === 'string' ? postgres.url : 'postgres://postgres@127.0.0.1:5432/test',
    schemaPrefix: typeof postgres.schema_prefix === 'string' ? postgres.schema_prefix : '',
    poolSize: typeof postgres.pool_size === 'number' ? postgres.pool_size : 10,
    redis: {
      url: typeof redis.url === 'string' ? redis.url : 'redis://127.0.0.1:6379',
      namespace: typeof redis.namespace === 'string' && redis.namespace ? redis.namespace : (namespace ?? 'orgo'),
      ttlSeconds: number(redis.ttl_seconds),
      connectTimeoutMs: number(redis.connect_timeout_ms),
      commandTimeoutMs: number(redis.command_timeout_ms),
    },
  };
}

/** Each service owns its own PostgreSQL schema: `email_gateway`, `task_service`, … */
export function schemaOf(service: string, prefix = ''): string {
  return `${prefix}${service.replace(/-/g, '_')}`;
}
