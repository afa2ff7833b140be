import path from 'node:path';

import type { Command } from 'commander';

import { BackupRefused } from '../backup/backup-archive';
import type { BackupManifest } from '../backup/backup-manifest';
import { mb } from '../backup/backup-progress';
import { type RestoreSummary, restoreBackup, takeBackup } from '../backup/backup-runner';
import { distributedSettings } from '../distributed/distributed-settings';
import { checkConfiguration } from '../standalone/check-configuration';
import { failWith } from './fail';

interface CommonOptions {
  config: string;
  home: string;
  distributed?: boolean;
  json?: boolean;
}

/**
 * `orgo backup` and `orgo restore` (SPEC §7): a consistent snapshot of every service's database —
 * the standalone home's SQLite files through SQLite's online backup, or the distributed shape's
 * PostgreSQL schemas through one `pg_dump` — with the home's mail folders, a manifest and checksums;
 * keys by id only unless `--include-keys`. A restore goes into an empty home or empty schemas and
 * refuses a truncated, damaged or partial file before writing anything.
 */
export function registerBackup(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('backup')
    .description(
      "write a consistent snapshot of every service's database and the mail folders, with a manifest and checksums",
    )
    .option(
      '--to <file>',
      'the backup file to write',
      `orgo-backup-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.tar.gz`,
    )
    .option(
      '--include-keys',
      'include the key file (and the home’s session key); without it the manifest names the keys by id only',
    )
    .option('--config <dir>', 'configuration folder', 'config')
    .option('--home <dir>', 'standalone home (SQLite files in <home>/data/)', '.orgo')
    .option('--distributed', "back up the distributed shape's PostgreSQL schemas")
    .option('--json', 'print the manifest as JSON')
    .action(async (opts: CommonOptions & { to: string; includeKeys?: boolean }) => {
      const setup = prepare(opts, env, 'The backup was not taken.');
      const to = path.resolve(opts.to);
      let manifest: BackupManifest;
      try {
        manifest = await takeBackup({
          ...setup,
          to,
          includeKeys: Boolean(opts.includeKeys),
          progress: !opts.json,
        });
      } catch (error) {
        failWith(
          `The backup was not taken: ${(error as Error).message}`,
          error instanceof BackupRefused ? 2 : 1,
        );
      }
      if (opts.json) return void process.stdout.write(`${JSON.stringify(manifest)}\n`);
      process.stdout.write(describeBackup(to, manifest));
    });

  program
    .command('restore <file>')
    .description(
      'restore a backup into an empty home (or, with --distributed, into empty PostgreSQL schemas); refuses a truncated or damaged file',
    )
    .option('--config <dir>', 'configuration folder', 'config')
    .option(
      '--home <dir>',
      'the standalone home to restore into (must hold no databases or mail yet)',
      '.orgo',
    )
    .option(
      '--distributed',
      "restore the distributed shape's PostgreSQL schemas (keys, when the backup has them, go to <home>/secrets/)",
    )
    .option('--json', 'print JSON')
    .action(async (file: string, opts: CommonOptions) => {
      const setup = prepare(opts, env, 'Nothing was restored.');
      let summary: RestoreSummary;
      try {
        summary = await restoreBackup({ ...setup, file: path.resolve(file), progress: !opts.json });
      } catch (error) {
        failWith(`Nothing was restored: ${(error as Error).message}`, error instanceof BackupRefused ? 2 : 1);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else
        process.stdout.write(
          `Restored ${summary.file} (${summary.shape}, taken ${summary.created_at}): ${summary.restored.length} files.\n`,
        );
      if (summary.keys_missing.length) {
        process.stderr.write(
          `Warning: the restored data is sealed and signed with keys ${summary.keys_missing.join(', ')}, which this installation does not have. ` +
            `Put the key file back (${setup.shape === 'standalone' ? path.join(setup.home, 'secrets', 'keys.json') : 'ORGO_KEY_FILE'}) from where you keep your keys before starting Orgo: ` +
            'with new keys it cannot read sealed data and `orgo audit verify` reports wrong-key.\n',
        );
      }
    });
}

function prepare(opts: CommonOptions, env: Record<string, string | undefined>, notDone: string) {
  let config;
  try {
    config = checkConfiguration(path.resolve(opts.config), env);
  } catch (error) {
    failWith(`${notDone}\n${(error as Error).message}`, 2);
  }
  const settings = distributedSettings(config);
  const home = path.resolve(opts.home);
  return {
    shape: opts.distributed ? ('distributed' as const) : ('standalone' as const),
    home,
    keys: { env, security: (config.security ?? {}) as Record<string, unknown>, home },
    postgres: { url: settings.postgresUrl, schemaPrefix: settings.schemaPrefix },
  };
}

function describeBackup(to: string, manifest: BackupManifest): string {
  const bytes = manifest.entries.reduce((n, e) => n + e.size, 0);
  const databases = manifest.entries.filter((e) => e.kind === 'sqlite').length;
  const files = manifest.entries.filter((e) => e.kind === 'file').length;
  const what =
    manifest.shape === 'standalone'
      ? `${databases} databases and ${files} mail-folder files of ${(manifest.source as { home: string }).home}`
      : `the schemas ${(manifest.source as { schemas: string[] }).schemas.join(', ')} (one pg_dump snapshot)`;
  const ids = [...manifest.keys.encryption, ...manifest.keys.audit].join(', ') || 'none';
  const keys = manifest.keys.included
    ? `keys included (${ids}): keep this file as secret as the keys`
    : `keys not included; the data needs keys ${ids}: keep the key file safe apart from this backup (or use --include-keys)`;
  return `Backed up ${what} to ${to} (${mb(bytes)} MB before compression).\n  ${keys}\n`;
}
