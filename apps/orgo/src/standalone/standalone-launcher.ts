import path from 'node:path';

import { MemoryCache } from '@orgo/cache';
import type { OrgoConfig } from '@orgo/config';
import { SERVICE_NAMES, type ServiceName } from '@orgo/contracts';
import { InProcessBus } from '@orgo/messaging';
import { type Clock, type ReadinessReport, createProcessLogger, keyRingFor } from '@orgo/runtime';
import type { Logger } from 'pino';

import { retryDelaysFrom } from './retry-delays';
import { ServiceGroup } from './service-group';
import { ServiceThread } from './service-thread';
import { includeThreadMetrics } from './thread-metrics';
import { threadPlan } from './thread-plan';

export interface StandaloneOptions {
  config: OrgoConfig;
  home: string;
  port: number;
  host: string;
  env: Record<string, string | undefined>;
  /** A test's clock; with one, every service runs on the main thread (a function cannot cross threads). */
  clock?: Clock;
  /** Retry delays of failed messages (tests shorten them). */
  retryDelaysMs?: number[];
  /**
   * Called, after everything else was stopped, when the service thread died while Orgo ran. By
   * default the process prints why and exits with code 1: never a half-running Orgo.
   */
  onFatal?: (error: Error) => void;
}

export interface RunningStandalone {
  bus: InProcessBus;
  logger: Logger;
  url: string;
  /** Threads the services run on: 1, or 2 with the service thread. */
  threads: number;
  stop(): Promise<void>;
}

/** Services that take no new work in first at shutdown: the API and the intake. */
const SHUTDOWN_FIRST: ServiceName[] = ['api-gateway', 'email-gateway'];

/**
 * The standalone shape: all eight services in this process, each booted from its own definition
 * with its own SQLite database under `<home>/data/`, talking over the in-process bus exactly as they
 * would over RabbitMQ. On a machine with more than one core a group of them runs in a worker thread
 * (`ServiceThread`, ADR 0009) whose bus and cache are this thread's, reached over ports; the bus,
 * the HTTP listener and the rest stay here. The API starts last, so `/health/ready` answering means
 * everything runs.
 */
export async function startStandalone(options: StandaloneOptions): Promise<RunningStandalone> {
  const { config, home } = options;
  const logLevel = String(config.base.log_level ?? 'info');
  const logFile = path.join(home, 'logs', 'orgo.log');
  const logger = createProcessLogger({ level: logLevel, file: logFile });
  const bus = new InProcessBus({
    onError: (queue, envelope, error, attempt) =>
      logger.warn({ err: error, queue, messageId: envelope.id, routingKey: envelope.type, attempt }, 'message handling failed'),
  });
  // One process, no Redis: the services share a cache in memory (a service thread reaches it over a port).
  const cache = new MemoryCache();
  const retryDelaysMs = options.retryDelaysMs ?? retryDelaysFrom(config);
  const plan = threadPlan({ env: options.env, clock: options.clock, data: { config, env: options.env, retryDelaysMs } });
  let thread: ServiceThread | undefined;
  const readiness = (): ReadinessReport[] =>
    SERVICE_NAMES.filter((n) => n !== 'api-gateway').map((service) => ({ service, ready: main.has(service) || (thread?.isStarted(service) ?? false) }));
  const main = new ServiceGroup({
    config,
    home,
    env: options.env,
    bus,
    cache,
    logger,
    clock: options.clock ?? (() => new Date()),
    retryDelaysMs,
    http: { host: options.host, port: options.port },
    readiness,
  });
  const order = [...SERVICE_NAMES.filter((n) => n !== 'api-gateway'), 'api-gateway' as const];
  const closeService = (name: ServiceName) => (thread?.runs(name) ? thread.close(name) : main.close(name));
  let restoreMetrics = () => {};
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const name of SHUTDOWN_FIRST) await closeService(name);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([bus.whenIdle(), new Promise((r) => (grace = setTimeout(r, 5000)))]);
      clearTimeout(grace);
      await bus.stopConsuming();
      for (const name of [...order].reverse()) if (!SHUTDOWN_FIRST.includes(name)) await closeService(name);
      await bus.close();
      await thread?.stop();
      restoreMetrics();
      logger.info('standalone stopped');
      logger.flush();
    })());

  logger.info({ threads: plan.thread.length ? 2 : 1, thread: plan.thread, reason: plan.reason }, 'standalone services start');
  try {
    if (plan.thread.length) {
      // Services in both threads read the home's key file: generated here first, never by two at once.
      keyRingFor(main.contextOf(order[0]));
      thread = new ServiceThread({
        services: plan.thread,
        config,
        home,
        env: options.env,
        retryDelaysMs,
        logLevel,
        logFile,
        bus,
        cache,
        onFailure: (error) => stopOnThreadFailure(error, { logger, logFile, stop, onFatal: options.onFatal }),
      });
      const current = thread;
      restoreMetrics = includeThreadMetrics(async () => [await current.metrics()]);
      await startBoth(order, main, thread);
    } else {
      for (const name of order.slice(0, -1)) await main.start(name);
    }
    await main.start('api-gateway');
    if (thread?.failure) throw thread.failure;
  } catch (error) {
    await main.closeAll();
    await thread?.stop();
    restoreMetrics();
    await bus.close();
    logger.flush();
    throw error;
  }
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;
  return { bus, logger, url, threads: thread ? 2 : 1, stop };
}

/**
 * Starts the main thread's services (but the API) and the service thread's at once. When a start
 * fails, the error is the one of the service earliest in the start order — the one a start on one
 * thread would have stopped at.
 */
async function startBoth(order: readonly ServiceName[], main: ServiceGroup, thread: ServiceThread): Promise<void> {
  const here = order.filter((n) => n !== 'api-gateway' && !thread.runs(n));
  const [onMain, inThread] = await Promise.allSettled([
    (async () => {
      for (const name of here) await main.start(name);
    })(),
    thread.start(),
  ]);
  const failures = [
    ...(onMain.status === 'rejected' ? [{ at: order.indexOf(here.find((n) => !main.has(n)) ?? 'api-gateway'), error: onMain.reason as unknown }] : []),
    ...(inThread.status === 'rejected' ? [{ at: order.indexOf(thread.firstNotStarted() ?? 'api-gateway'), error: inThread.reason as unknown }] : []),
  ].sort((a, b) => a.at - b.at);
  if (failures.length) throw failures[0].error;
}

/** The service thread died while Orgo ran: say so, stop the rest, and end the process (or let `onFatal` decide). */
function stopOnThreadFailure(error: Error, o: { logger: Logger; logFile: string; stop: () => Promise<void>; onFatal?: (error: Error) => void }): void {
  o.logger.fatal({ err: error }, 'a service thread stopped while Orgo ran; stopping Orgo');
  if (!o.onFatal) {
    process.stderr.write(
      `\nOrgo stopped: ${error.message}\nSee ${o.logFile}. Nothing accepted is lost: each service publishes what it had not handed on at the next start. Start Orgo again once the cause is fixed.\n`,
    );
    setTimeout(() => process.exit(1), 20_000).unref();
  }
  void o
    .stop()
    .catch((stopError: unknown) => o.logger.error({ err: stopError }, 'stopping after the service thread failed'))
    .finally(() => (o.onFatal ? o.onFatal(error) : process.exit(1)));
}
