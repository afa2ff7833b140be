/**
 * A service thread of the standalone process (loaded by service-thread-entry.js): boots its group
 * of services exactly as the main thread boots its own (`ServiceGroup`), over a `ThreadBus` and a
 * `ThreadCache` that reach the main thread's bus and cache, with its own logger on the same
 * `<home>/logs/orgo.log`. The main thread drives it through `parentPort` (see service-thread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { PortPeer, ThreadBus } from '@orgo/messaging';
import { type ServiceHealthDetail, createProcessLogger, serviceHealth } from '@orgo/runtime';
import { register } from 'prom-client';

import { ServiceGroup } from './service-group';
import type { ServiceThreadData } from './service-thread';
import { ThreadCache } from './thread-cache';

/** How often the thread tells the main thread its services' health details when they changed. */
const HEALTH_EVERY_MS = 500;

const data = workerData as ServiceThreadData;
if (!parentPort) throw new Error('service-thread.worker.ts runs in a worker thread only');
const control = new PortPeer(parentPort);
const logger = createProcessLogger({ level: data.logLevel, file: data.logFile });
const bus = new ThreadBus(data.busPort);
const cache = new ThreadCache(data.cacheNamespace, data.cachePort);
const group = new ServiceGroup({
  config: data.config,
  home: data.home,
  env: data.env,
  bus,
  cache,
  logger,
  clock: () => new Date(),
  retryDelaysMs: data.retryDelaysMs,
});

let lastHealth = '';
const tellHealth = () => {
  const reports: Record<string, ServiceHealthDetail | undefined> = Object.fromEntries(data.services.map((s) => [s, serviceHealth.report(s)]));
  const text = JSON.stringify(reports);
  if (text === lastHealth) return;
  lastHealth = text;
  control.notify('health', reports);
};
const healthTimer = setInterval(tellHealth, HEALTH_EVERY_MS);
healthTimer.unref();
// A change a service announces (rules reloaded or refused) reaches the main thread at once, not at the next poll.
const stopHealthChanges = serviceHealth.onChange((service) => {
  if (data.services.includes(service as ServiceThreadData['services'][number])) tellHealth();
});

control.handle('start', async () => {
  for (const name of data.services) {
    await group.start(name);
    tellHealth();
    control.notify('started', name);
  }
});
control.handle('close-service', (name) => group.close(name as ServiceThreadData['services'][number]));
control.handle('metrics', () => register.getMetricsAsJSON());
control.handle('shutdown', async () => {
  clearInterval(healthTimer);
  stopHealthChanges();
  await group.closeAll();
  await bus.close();
  await cache.close();
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
});
