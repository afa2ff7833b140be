import path from 'node:path';

import { notifierSettingsFrom } from '@orgo/config';
import { SERVICE_NAMES, type ServiceName } from '@orgo/contracts';
import { describeKeySource, keySource } from '@orgo/security';
import type { Command } from 'commander';

import { HomeLockFile } from '../archive-import/home-lock';
import { serveImports } from '../archive-import/import-server';
import { runServiceProcess } from '../distributed/service-process';
import { checkConfiguration } from '../standalone/check-configuration';
import { startConsoleReporter } from '../standalone/console-reporter';
import { dropSampleMail } from '../standalone/sample-mail';
import { startStandalone } from '../standalone/standalone-launcher';
import { failWith } from './fail';

interface StartOptions {
  config: string;
  home: string;
  port: string;
  host: string;
  service?: string;
}

export function registerStart(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('start')
    .description('run Orgo: every service in this process on SQLite (the standalone shape)')
    .option('--config <dir>', 'configuration folder', 'config')
    .option('--home <dir>', 'where Orgo keeps its data, inbox, outbox and logs', '.orgo')
    .option('--port <n>', 'API port', env.ORGO_PORT ?? '3000')
    .option('--host <addr>', 'API listen address', env.ORGO_HOST ?? '127.0.0.1')
    .option('--service <name>', `run one service of the distributed shape (RabbitMQ, PostgreSQL): ${SERVICE_NAMES.join(', ')}`)
    .action(async (opts: StartOptions) => {
      const configDir = path.resolve(opts.config);
      const home = path.resolve(opts.home);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) failWith(`--port must be a port number, found '${opts.port}'`, 2);
      let config;
      try {
        config = checkConfiguration(configDir, env);
      } catch (error) {
        failWith(`Orgo did not start.\n${(error as Error).message}\nFix the file(s) named above, then run the command again.`, 1);
      }
      if (opts.service) {
        if (!(SERVICE_NAMES as readonly string[]).includes(opts.service)) {
          failWith(`--service must be one of ${SERVICE_NAMES.join(', ')}; found '${opts.service}'`, 2);
        }
        let running;
        try {
          running = await runServiceProcess({ service: opts.service as ServiceName, config, home, port, host: opts.host, env });
        } catch (error) {
          failWith(`${opts.service} did not start: ${(error as Error).message}`, 1);
        }
        const stop = () => {
          setTimeout(() => process.exit(1), 20_000).unref();
          running.stop().then(() => process.exit(0), () => process.exit(1));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        return;
      }
      const print = (line: string) => process.stdout.write(`${line}\n`);
      // One process has the home's databases open; `orgo import` hands its work to this one.
      const lock = new HomeLockFile(home);
      const holder = lock.acquire('start', lock.socketPath());
      if (holder) failWith(`Orgo did not start: ${home} is in use by ${holder.holder === 'start' ? 'another orgo start' : `an orgo ${holder.holder}`} (process ${holder.pid}).`, 1);
      let running;
      let imports;
      try {
        running = await startStandalone({ config, home, port, host: opts.host, env });
        imports = await serveImports(lock.socketPath(), { bus: running.bus, config, home, whenIdle: () => running!.bus.whenIdle() }, running.logger);
      } catch (error) {
        await running?.stop();
        lock.release();
        failWith(`Orgo did not start: ${(error as Error).message}`, 1);
      }
      await startConsoleReporter(running.bus, print);
      const orgs = config.organizations.map((o) => `${o.name} (${o.slug})`).join(', ');
      print(`Orgo is running (standalone) for ${orgs}.`);
      print(`  Dashboard  ${running.url}/   (report forms: ${running.url}/report/<organization>/<role>)`);
      print(`  API        ${running.url}/api/v1   (OpenAPI: ${running.url}/api/docs)`);
      print(
        env.ORGO_ADMIN_EMAIL
          ? `  Sign in    as ${env.ORGO_ADMIN_EMAIL} with ORGO_ADMIN_PASSWORD on the dashboard, or POST ${running.url}/api/v1/auth/login with {"email":"${env.ORGO_ADMIN_EMAIL}","password":"…"}`
          : '  Sign in    set ORGO_ADMIN_EMAIL and ORGO_ADMIN_PASSWORD before starting to create the first administrator',
      );
      if (env.ORGO_ADMIN_EMAIL) {
        print(
          env.ORGO_ADMIN_TOTP_SECRET
            ? '  MFA        the one-time code is the current code of ORGO_ADMIN_TOTP_SECRET in an authenticator app (RFC 6238: SHA-1, 30 s, 6 digits; "otp" in the API)'
            : `  MFA        the dashboard's first sign-in shows a QR code to scan with an authenticator app (API: the enrolment_token, POST ${running.url}/api/v1/auth/mfa/enroll, then …/auth/mfa/confirm {"otp":"…"})`,
        );
      }
      print(`  Send mail  drop .eml files into ${path.join(home, 'inbox', '<role address>')}/`);
      const { emailTransports, smtp } = notifierSettingsFrom(config, env);
      const mailOut = [
        ...(emailTransports.includes('file') ? [`written to ${path.join(home, 'outbox')}/`] : []),
        ...(emailTransports.includes('smtp') && smtp ? [`sent through ${smtp.host}:${smtp.port}`] : []),
      ];
      print(`  Outbox     email notifications are ${mailOut.join(' and ')}`);
      print(`  Keys       ${describeKeySource(keySource({ env, security: config.security ?? {}, home }))}`);
      print(`  Log        ${path.join(home, 'logs', 'orgo.log')}   (Ctrl-C stops Orgo)`);
      const dropped = dropSampleMail(config, home);
      if (dropped.length) print(`First start: dropped ${dropped.length} sample mails into the inbox (${dropped.join(', ')}).`);
      const shutdown = (signal: string) => {
        print(`\n${signal}: stopping Orgo…`);
        // Work in flight gets a grace period; whatever is left is redone from the outbox at the next start.
        setTimeout(() => process.exit(1), 20_000).unref();
        imports
          .close()
          .then(() => running.stop())
          .finally(() => lock.release())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}

