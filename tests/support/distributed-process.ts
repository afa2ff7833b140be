import { randomUUID } from 'node:crypto';

import { QUEUE_BINDINGS, RPC, SERVICE_NAMES } from '@orgo/contracts';
import { DEFAULT_RETRY_DELAYS_MS, deadQueueName, retryQueueName, rpcQueueName } from '@orgo/messaging';
import amqplib from 'amqplib';
import Redis from 'ioredis';
import { Client } from 'pg';

import type { RunningShape } from './pipeline-suite';
import { freePort, runOrgo } from './standalone-process';

export const RABBITMQ_URL = process.env.ORGO_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.ORGO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Starts the eight services as separate processes (`orgo distributed`) against the local RabbitMQ,
 * PostgreSQL and Redis, isolated in their own broker namespace, schemas and cache keys, and removes
 * all three afterwards.
 */
export async function startDistributed(config: string, home: string): Promise<RunningShape> {
  const run = `t${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  const orgo = runOrgo(
    ['distributed', '--config', config, '--home', home, '--port', String(port)],
    namespaceEnv(run),
  );
  let exit: number | null | undefined;
  void orgo.exited.then((code) => (exit = code));
  const end = Date.now() + 90_000;
  while (!orgo.output().includes('Orgo (distributed)')) {
    if (exit !== undefined) throw new Error(`orgo distributed exited with ${exit}:\n${orgo.output()}`);
    if (Date.now() > end) throw new Error(`orgo distributed not ready in time:\n${orgo.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: orgo.output,
    postgres: {
      url: POSTGRES_URL,
      schemas: SERVICE_NAMES.map((service) => `${run}_${service.replace(/-/g, '_')}`),
    },
    stop: async () => {
      orgo.child.kill('SIGTERM');
      await orgo.exited;
      await removeNamespace(run);
    },
  };
}

/** The environment that puts a run of the distributed shape in its own broker namespace, schemas and cache keys. */
export function namespaceEnv(run: string): Record<string, string> {
  return {
    ORGO_RABBITMQ__URL: RABBITMQ_URL,
    ORGO_RABBITMQ__NAMESPACE: run,
    ORGO_POSTGRES__URL: POSTGRES_URL,
    ORGO_POSTGRES__SCHEMA_PREFIX: `${run}_`,
    ORGO_REDIS__URL: REDIS_URL,
    ORGO_REDIS__NAMESPACE: run,
  };
}

/** Removes a run's queues, exchange, schemas and cache keys from the shared broker, database and Redis. */
export async function removeNamespace(run: string): Promise<void> {
  const connection = await amqplib.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  for (const queue of Object.keys(QUEUE_BINDINGS)) {
    const name = `${run}.${queue}`;
    for (const q of [
      name,
      deadQueueName(name),
      ...DEFAULT_RETRY_DELAYS_MS.map((_, i) => retryQueueName(name, i + 1)),
    ])
      await channel.deleteQueue(q).catch(() => undefined);
  }
  for (const name of Object.values(RPC))
    await channel.deleteQueue(`${run}.${rpcQueueName(name)}`).catch(() => undefined);
  await channel.deleteExchange(`${run}.orgo.events`).catch(() => undefined);
  await connection.close();
  const pg = new Client({ connectionString: POSTGRES_URL });
  await pg.connect();
  for (const service of SERVICE_NAMES)
    await pg.query(`DROP SCHEMA IF EXISTS "${run}_${service.replace(/-/g, '_')}" CASCADE`);
  await pg.end();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  for (let cursor = '0', keys: string[] = []; ;) {
    [cursor, keys] = await redis.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    if (cursor === '0') break;
  }
  await redis.quit();
}
