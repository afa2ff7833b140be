import path from 'node:path';

import { SERVICE_NAMES, type ServiceName } from '@orgo/contracts';
import { type DatabaseOptions, createServiceDataSource } from '@orgo/persistence';
import { serviceDataSourceOptions } from '@orgo/runtime';
import type { Command } from 'commander';

import { distributedSettings, schemaOf } from '../distributed/distributed-settings';
import { checkConfiguration } from '../standalone/check-configuration';
import { loadServiceDefinition } from '../standalone/service-loader';
import { failWith } from './fail';

/**
 * `orgo migrate`: applies every service's pending migrations — the standalone SQLite files under
 * `<home>/data/`, or with `--distributed` each service's PostgreSQL schema — without starting them.
 */
export function registerMigrate(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('migrate')
    .description('apply pending database migrations of every service (or one)')
    .option('--config <dir>', 'configuration folder', 'config')
    .option('--home <dir>', 'standalone home (SQLite files in <home>/data/)', '.orgo')
    .option('--distributed', 'migrate the PostgreSQL schemas of the distributed shape')
    .option('--service <name>', 'only this service')
    .option('--json', 'print JSON')
    .action(async (opts: { config: string; home: string; distributed?: boolean; service?: string; json?: boolean }) => {
      let config;
      try {
        config = checkConfiguration(path.resolve(opts.config), env);
      } catch (error) {
        failWith((error as Error).message, 1);
      }
      if (opts.service && !(SERVICE_NAMES as readonly string[]).includes(opts.service)) {
        failWith(`--service must be one of ${SERVICE_NAMES.join(', ')}; found '${opts.service}'`, 2);
      }
      const services = (opts.service ? [opts.service] : SERVICE_NAMES) as ServiceName[];
      const settings = distributedSettings(config);
      const report: Record<string, string[]> = {};
      for (const service of services) {
        const database: DatabaseOptions = opts.distributed
          ? { type: 'postgres', url: settings.postgresUrl, schema: schemaOf(service, settings.schemaPrefix), poolSize: 2 }
          : { type: 'sqlite', path: path.resolve(opts.home, 'data', `${service}.sqlite`) };
        const dataSource = createServiceDataSource(serviceDataSourceOptions(service, database, loadServiceDefinition(service).storage));
        try {
          await dataSource.initialize();
          if (database.type === 'postgres') await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${database.schema}"`);
          report[service] = (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
        } catch (error) {
          failWith(`Migrating ${service} failed: ${(error as Error).message}`, 1);
        } finally {
          if (dataSource.isInitialized) await dataSource.destroy();
        }
      }
      if (opts.json) return void process.stdout.write(`${JSON.stringify(report)}\n`);
      for (const [service, applied] of Object.entries(report)) {
        process.stdout.write(`${service.padEnd(21)} ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`);
      }
    });
}
