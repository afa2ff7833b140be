import type { CacheStatus, SharedCache } from '@orgo/cache';
import { type PortLike, PortPeer } from '@orgo/messaging';

/**
 * The standalone process's memory cache as a service thread sees it: every call goes over a port
 * to the one `MemoryCache` on the main thread (`serveThreadCache`), so services in either thread
 * share compiled rule sets and directories and hear each other's invalidations, as they would in
 * one thread. Like every SharedCache it never throws: a call that fails answers as an empty cache.
 */
export class ThreadCache implements SharedCache {
  private readonly peer: PortPeer;
  private readonly channels = new Map<string, Set<(message: unknown) => void>>();

  constructor(
    readonly namespace: string,
    port: PortLike,
  ) {
    this.peer = new PortPeer(port);
    this.peer.handle('message', (body) => {
      const { channel, message } = body as { channel: string; message: unknown };
      for (const handler of [...(this.channels.get(channel) ?? [])]) handler(message);
    });
  }

  getJson<T>(key: string): Promise<T | undefined> {
    return this.peer.call<T | undefined>('getJson', key).catch(() => undefined);
  }

  async setJson(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    await this.peer.call('setJson', { key, value, ttlSeconds }).catch(() => undefined);
  }

  claim(key: string, ttlSeconds: number): Promise<boolean | null> {
    return this.peer.call<boolean | null>('claim', { key, ttlSeconds }).catch(() => null);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.peer.call('publish', { channel, message }).catch(() => undefined);
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>> {
    let handlers = this.channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.channels.set(channel, handlers);
      await this.peer.call('subscribe', channel).catch(() => undefined);
    }
    handlers.add(handler);
    return async () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.channels.get(channel) !== handlers) return;
      this.channels.delete(channel);
      await this.peer.call('unsubscribe', channel).catch(() => undefined);
    };
  }

  status(): CacheStatus {
    return 'memory';
  }

  async close(): Promise<void> {
    this.channels.clear();
    this.peer.close(new Error('The cache is closed'));
  }
}

/** Serves a service thread's `ThreadCache` from this thread's cache: its calls, and the messages of the channels it listens to. */
export function serveThreadCache(port: PortLike, cache: SharedCache): { close(): Promise<void> } {
  const peer = new PortPeer(port);
  const subscriptions = new Map<string, () => Promise<void>>();
  peer.handle('getJson', (key) => cache.getJson(key as string));
  peer.handle('setJson', (body) => {
    const { key, value, ttlSeconds } = body as { key: string; value: unknown; ttlSeconds?: number };
    return cache.setJson(key, value, ttlSeconds);
  });
  peer.handle('claim', (body) => {
    const { key, ttlSeconds } = body as { key: string; ttlSeconds: number };
    return cache.claim(key, ttlSeconds);
  });
  peer.handle('publish', (body) => {
    const { channel, message } = body as { channel: string; message: unknown };
    return cache.publish(channel, message);
  });
  peer.handle('subscribe', async (channel) => {
    const name = channel as string;
    if (subscriptions.has(name)) return;
    subscriptions.set(name, await cache.subscribe(name, (message) => peer.notify('message', { channel: name, message })));
  });
  peer.handle('unsubscribe', async (channel) => {
    const stop = subscriptions.get(channel as string);
    subscriptions.delete(channel as string);
    await stop?.();
  });
  return {
    close: async () => {
      for (const stop of subscriptions.values()) await stop();
      subscriptions.clear();
      peer.close(new Error('The service thread has stopped'));
    },
  };
}
