import type { OrgoConfig } from '@orgo/config';

export interface DistributedSettings {
  rabbitmqUrl: string;
  postgresUrl: string;
  poolSize: number;
}

/**
 * Where the distributed shape finds its broker and database: `services/rabbitmq/*.yaml` (`url`) and
 * `services/postgres/*.yaml` (`url`, `pool_size`), overridable as any key through the environment
 * (`ORGO_RABBITMQ__URL`, `ORGO_POSTGRES__URL`, `ORGO_POSTGRES__POOL_SIZE`); the local standard ports
 * otherwise.
 */
export function distributedSettings(config: OrgoConfig): DistributedSettings {
  const rabbit = config.services.rabbitmq ?? {};
  const postgres = config.services.postgres ?? {};
  return {
    rabbitmqUrl: typeof rabbit.url === 'string' ? rabbit.url : 'amqp://guest:guest@127.0.0.1:5672',
    postgresUrl: typeof postgres.url === 'string' ? postgres.url : 'postgres://postgres@127.0.0.1:5432/test',
    poolSize: typeof postgres.pool_size === 'number' ? postgres.pool_size : 10,
  };
}

/** Each service owns its own PostgreSQL schema: `email_gateway`, `task_service`, … */
export function schemaOf(service: string): string {
  return service.replace(/-/g, '_');
}
