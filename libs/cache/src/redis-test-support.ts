import { randomUUID } from 'node:crypto';
import net from 'node:net';

import Redis from 'ioredis';

/** The Redis the integration specs use: the local one on its standard port unless ORGO_TEST_REDIS_URL says otherwise. */
export const REDIS_URL = process.env.ORGO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A namespace of its own for each test run, so runs never see each other's keys. */
export function testNamespace(): string {
  return `t${randomUUID().slice(0, 8)}`;
}

/** Removes every key of a namespace. */
export async function removeCacheNamespace(namespace: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

/** A local TCP port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A TCP relay in front of the real Redis: `cut()` closes it and every connection through it (Redis
 * is gone, as far as a client can tell), `restore()` listens again on the same port.
 */
export class RedisRelay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target = new URL(REDIS_URL)) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restore(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || 6379), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
