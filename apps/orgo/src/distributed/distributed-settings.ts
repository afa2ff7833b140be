import type { OrgoConfig } from '@orgo/config';

export interface DistributedSettings {
  rabbitmqUrl: string;
  /** Prefix of the exchange and queues, to share a broker between installations. */
  namespace: string | undefined;
  postgresUrl: string;
  /** Prefix of the services' schemas, to share a database between installations. */
  schemaPrefix: string;
  poolSize: number;
}

/**
 * Where the distributed shape finds its broker and database: `services/rabbitmq/*.yaml` (`url`,
 * `namespace`) and `services/postgres/*.yaml` (`url`, `schema_prefix`, `pool_size`), overridable as
 * any key through the environment (`ORGO_RABBITMQ__URL`, `ORGO_RABBITMQ__NAMESPACE`,
 * `ORGO_POSTGRES__URL`, `ORGO_POSTGRES__SCHEMA_PREFIX`, `ORGO_POSTGRES__POOL_SIZE`); the local
 * standard ports otherwise.
 */
export function distributedSettings(config: OrgoConfig): DistributedSettings {
  const rabbit = config.services.rabbitmq ?? {};
  const postgres = config.services.postgres ?? {};
  return {
    rabbitmqUrl: typeof rabbit.url === 'string' ? rabbit.url : 'amqp://guest:guest@127.0.0.1:5672',
    namespace: typeof rabbit.namespace === 'string' && rabbit.namespace ? rabbit.namespace : undefined,
    postgresUrl: typeof postgres.url === 'string' ? postgres.url : 'postgres://postgres@127.0.0.1:5432/test',
    schemaPrefix: typeof postgres.schema_prefix === 'string' ? postgres.schema_prefix : '',
    poolSize: typeof postgres.pool_size === 'number' ? postgres.pool_size : 10,
  };
}

/** Each service owns its own PostgreSQL schema: `email_gateway`, `task_service`, … */
export function schemaOf(service: string, prefix = ''): string {
  return `${prefix}${service.replace(/-/g, '_')}`;
}
