import http from 'node:http';

import { RedisCache } from '@orgo/cache';
import type { OrgoConfig } from '@orgo/config';
import type { ServiceName } from '@orgo/contracts';
import { RabbitMqBus } from '@orgo/messaging';
import { METRICS_CONTENT_TYPE, NestPinoLogger, type ServiceContext, createProcessLogger, metricsText, serviceHealth, startService } from '@orgo/runtime';
import { DataSource } from 'typeorm';

import { retryDelaysFrom } from '../standalone/retry-delays';
import { loadServiceDefinition } from '../standalone/service-loader';
import { distributedSettings, schemaOf } from './distributed-settings';

export interface ServiceProcessOptions {
  service: ServiceName;
  config: OrgoConfig;
  home: string;
  port: number;
  host: string;
  env: Record<string, string | undefined>;
}

/**
 * One service of the distributed shape in this process (what each container runs): RabbitMQ for the
 * bus, its own PostgreSQL schema (migrated at start), JSON logs on stdout. The api-gateway serves
 * the API on the port; every other service serves `/health/live` and `/health/ready` there.
 * SIGTERM stops consuming, finishes the messages in flight, flushes the outbox and closes.
 */
export async function runServiceProcess(options: ServiceProcessOptions): Promise<{ stop(): Promise<void> }> {
  const { service, config } = options;
  const settings = distributedSettings(config);
  const logger = createProcessLogger({ level: String(config.base.log_level ?? 'info') }).child({ service });
  // Shared with the other replicas; it connects at its first use (rule-engine, task-service) and
  // never makes the service fail: with Redis down they compute locally.
  const cache = new RedisCache({ ...settings.redis, service, logger });
  const bus = new RabbitMqBus({
    url: settings.rabbitmqUrl,
    namespace: settings.namespace,
    onError: (queue, envelope, error, attempt) => logger.warn({ err: error, queue, messageId: envelope?.id, routingKey: envelope?.type, attempt }, 'message handling failed'),
    onConnectionChange: (connected, error) => logger[connected ? 'info' : 'warn']({ err: error }, connected ? 'connected to RabbitMQ' : 'RabbitMQ connection lost; reconnecting'),
  });
  await bus.waitForConnect(30_000);
  // A stray rejection (a driver reconnecting) is logged, not fatal: every effect is durable and
  // idempotent, so the service keeps serving rather than dying on a transient fault.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const definition = loadServiceDefinition(service);
  const context: ServiceContext = {
    service,
    shape: 'distributed',
    config,
    home: options.home,
    database: { type: 'postgres', url: settings.postgresUrl, schema: schemaOf(service, settings.schemaPrefix), poolSize: settings.poolSize },
    bus,
    logger,
    clock: () => new Date(),
    retryDelaysMs: retryDelaysFrom(config),
    env: options.env,
    cache,
    ...(definition.http ? { http: { host: options.host, port: options.port } } : {}),
  };
  const app = await startService(definition, context, new NestPinoLogger(logger));
  let probes: http.Server | undefined;
  if (!definition.http) {
    const dataSource = app.get(DataSource);
    probes = http.createServer(async (req, res) => {
      if (req.url === '/health/live') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (req.url === '/health/ready') {
        const database = await dataSource.query('SELECT 1').then(() => true, () => false);
        const ready = database && bus.isConnected;
        // Redis down degrades the service (it computes locally) but leaves it ready.
        const redis = cache.status();
        const shared = redis === 'up' || redis === 'down' ? { redis, degraded: redis === 'down' } : {};
        // What the service itself reports beyond "booted" (the email-gateway's mailboxes).
        const own = serviceHealth.report(service);
        const degraded = Boolean(shared.degraded || own?.degraded);
        const body = { status: ready ? 'ready' : 'not ready', service, database, broker: bus.isConnected, ...shared, ...(own?.details ?? {}), degraded };
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(body));
      }
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
        return void res.end(await metricsText());
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      probes!.once('error', (error) => reject(new Error(`cannot serve probes on ${options.host}:${options.port}: ${error.message}`)));
      probes!.listen(options.port, options.host, resolve);
    });
  }
  logger.info({ port: options.port, schema: schemaOf(service, settings.schemaPrefix) }, 'service started');
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        logger.info('stopping: no new messages, finishing those in flight');
        await bus.stopConsuming();
        await app.close();
        await bus.close();
        await cache.close();
        probes?.close();
        logger.info('stopped');
        logger.flush();
      })()),
  };
}
