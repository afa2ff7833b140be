import path from 'node:path';

import type { Command } from 'commander';

import { RabbitMqBus } from '@orgo/messaging';

import { distributedSettings } from '../distributed/distributed-settings';
import { superviseDistributed } from '../distributed/distributed-supervisor';
import { checkConfiguration } from '../standalone/check-configuration';
import { startConsoleReporter } from '../standalone/console-reporter';
import { failWith } from './fail';

/** `orgo distributed`: the eight services as separate processes against RabbitMQ and PostgreSQL. */
export function registerDistributed(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('distributed')
    .description('run the distributed shape: eight service processes over RabbitMQ and PostgreSQL')
    .option('--config <dir>', 'configuration folder', 'config')
    .option('--home <dir>', 'where the services keep inbox, outbox and files', '.orgo-distributed')
    .option('--port <n>', 'API port (the other services serve their probes on port + 101 … port + 107)', env.ORGO_PORT ?? '3000')
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .action(async (opts: { config: string; home: string; port: string; host: string }) => {
      const print = (line: string) => process.stdout.write(`${line}\n`);
      let config;
      try {
        config = checkConfiguration(path.resolve(opts.config), env);
      } catch (error) {
        failWith(`Orgo did not start.\n${(error as Error).message}\nFix the file(s) named above, then run the command again.`, 1);
      }
      const settings = distributedSettings(config);
      const console = new RabbitMqBus({ url: settings.rabbitmqUrl, namespace: settings.namespace });
      try {
        await console.waitForConnect(30_000);
      } catch (error) {
        failWith((error as Error).message, 1);
      }
      await startConsoleReporter(console, print);
      const supervisor = superviseDistributed({
        config: path.resolve(opts.config),
        home: path.resolve(opts.home),
        port: Number(opts.port),
        host: opts.host,
        env,
        print,
      });
      const api = `http://${opts.host}:${supervisor.ports['api-gateway']}`;
      for (let i = 0; i < 120; i++) {
        const ready = await fetch(`${api}/health/ready`).then((r) => r.ok, () => false);
        if (ready) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      print(`Orgo (distributed) — API ${api}/api/v1, OpenAPI ${api}/api/docs; drop mail into ${path.resolve(opts.home, 'inbox', '<role address>')}/. Ctrl-C stops all services.`);
      const stop = () =>
        void supervisor
          .stop()
          .then(() => console.close())
          .then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
