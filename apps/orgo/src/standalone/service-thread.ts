import path from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

import type { SharedCache } from '@orgo/cache';
import type { OrgoConfig } from '@orgo/config';
import type { ServiceName } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { type MessageBus, PortPeer, type ThreadBusServer, serveThreadBus } from '@orgo/messaging';
import { type ServiceHealthDetail, serviceHealth } from '@orgo/runtime';

import type { RegistryMetrics } from './thread-metrics';
import { serveThreadCache } from './thread-cache';

const ENTRY = path.join(__dirname, 'service-thread-entry.js');

/** The settings a service thread is given: plain data, cloned into the thread. */
export interface ServiceThreadSettings {
  /** Its services, in their start order. */
  services: ServiceName[];
  config: OrgoConfig;
  home: string;
  env: Record<string, string | undefined>;
  retryDelaysMs: number[];
  logLevel: string;
  logFile: string;
}

/** What a service thread starts with (`workerData`): its settings and its two ports. */
export interface ServiceThreadData extends ServiceThreadSettings {
  busPort: MessagePort;
  cachePort: MessagePort;
  cacheNamespace: string;
}

export interface ServiceThreadOptions extends ServiceThreadSettings {
  /** The process's bus and cache, which the thread's services reach over their ports. */
  bus: MessageBus;
  cache: SharedCache;
  /** Called once when the thread stops after its start without being asked to (it crashed). */
  onFailure: (error: Error) => void;
}

/**
 * A group of standalone services in a worker thread of this process (service-thread.worker.ts),
 * seen from the main thread: their bus is this thread's (`serveThreadBus`), their cache too
 * (`serveThreadCache`); which of them started (for /health/ready), their health details (kept in
 * this thread's `serviceHealth` under their names), their metrics, and closing them one by one.
 */
export class ServiceThread {
  private readonly worker: Worker;
  private readonly control: PortPeer;
  private readonly ports: MessagePort[];
  private readonly busServer: ThreadBusServer;
  private readonly cacheServer: { close(): Promise<void> };
  private readonly started = new Set<ServiceName>();
  private readonly health = new Map<string, ServiceHealthDetail | undefined>();
  private readonly exited: Promise<void>;
  private running = false;
  private stopping = false;
  private gone?: Error;

  constructor(private readonly options: ServiceThreadOptions) {
    const bus = new MessageChannel();
    const cache = new MessageChannel();
    const { bus: _bus, cache: _cache, onFailure: _onFailure, ...settings } = options;
    const data: ServiceThreadData = { ...settings, busPort: bus.port2, cachePort: cache.port2, cacheNamespace: options.cache.namespace };
    this.worker = new Worker(ENTRY, { workerData: data, transferList: [bus.port2, cache.port2], name: `orgo ${options.services.join(', ')}` });
    this.ports = [bus.port1, cache.port1];
    this.control = new PortPeer(this.worker);
    this.busServer = serveThreadBus(bus.port1, options.bus);
    this.cacheServer = serveThreadCache(cache.port1, options.cache);
    this.control.handle('started', (name) => void this.started.add(name as ServiceName));
    // What the thread's services report beyond "booted" (a mailbox that cannot log in, stale rules), for /health/ready here.
    this.control.handle('health', (reports) => {
      for (const [service, report] of Object.entries(reports as Record<string, ServiceHealthDetail | undefined>)) {
        if (!report) {
          this.health.delete(service);
          serviceHealth.unregister(service);
        } else if (!this.health.has(service)) {
          this.health.set(service, report);
          serviceHealth.register(service, () => this.health.get(service) ?? { degraded: false, details: {} });
        } else {
          this.health.set(service, report);
        }
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('messageerror', (error) => this.fail(error));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.fail(new Error(`it exited with code ${code}`));
        resolve();
      }),
    );
  }

  /** The services of this thread, in their start order. */
  get services(): ServiceName[] {
    return this.options.services;
  }

  /** Why the thread stopped when nobody asked it to, if it did. */
  get failure(): Error | undefined {
    return this.stopping ? undefined : this.gone;
  }

  runs(name: ServiceName): boolean {
    return this.options.services.includes(name);
  }

  isStarted(name: ServiceName): boolean {
    return this.started.has(name);
  }

  /** Boots the thread's services in order; rejects with the error of the one that did not start (as a start on the main thread would). */
  async start(): Promise<void> {
    await this.control.call('start');
    this.running = true;
  }

  /** The first of the thread's services that has not started (the one a failed start stopped at). */
  firstNotStarted(): ServiceName | undefined {
    return this.options.services.find((s) => !this.started.has(s));
  }

  /** Closes one of the thread's services (nothing once the thread is gone). */
  async close(name: ServiceName): Promise<void> {
    this.started.delete(name);
    if (!this.gone) await this.control.call('close-service', name);
  }

  /** The thread's Prometheus registry (`getMetricsAsJSON`). */
  metrics(): Promise<RegistryMetrics> {
    return this.control.call<RegistryMetrics>('metrics');
  }

  /** Closes what still runs in the thread, its bus and its logger, then ends the thread. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.gone) await this.control.call('shutdown').catch(() => undefined);
    await this.worker.terminate();
    await this.exited;
    await this.cacheServer.close();
    for (const port of this.ports) port.close();
    for (const service of this.options.services) serviceHealth.unregister(service);
  }

  private fail(cause: Error): void {
    if (this.gone) return;
    const error = new OrgoError('STANDALONE.THREAD_FAILED', `The service thread running ${this.options.services.join(', ')} stopped: ${cause.message}`, {
      retryable: true,
    });
    if (cause.stack) error.stack = `${error.name}: ${error.message}\n  caused by ${cause.stack}`;
    this.gone = error;
    this.started.clear();
    this.control.close(error);
    this.busServer.close(error);
    if (this.running && !this.stopping) this.options.onFailure(error);
  }
}
