import path from 'node:path';

import { SERVICE_NAMES } from '@orgo/contracts';
import { type DatabaseOptions, createServiceDataSource } from '@orgo/persistence';
import { serviceDataSourceOptions } from '@orgo/runtime';
import { type KeyFileContent, forgetCachedKeyRings, keySource, newKey, readKeyFile, readKeyFileContent, resolveKeyRing, writeKeyFile } from '@orgo/security';
import type { Command } from 'commander';

import { HomeLockFile } from '../archive-import/home-lock';
import { distributedSettings, schemaOf } from '../distributed/distributed-settings';
import { MESSAGING_SEALED_COLUMNS, type RotationCount, resealColumns } from '../keys/sealed-columns-rotation';
import { checkConfiguration } from '../standalone/check-configuration';
import { loadServiceDefinition } from '../standalone/service-loader';
import { failWith } from './fail';

interface RotateOptions {
  config: string;
  home: string;
  distributed?: boolean;
  new: boolean;
  audit?: boolean;
  retire?: boolean;
  json?: boolean;
}

/**
 * `orgo keys rotate` (SPEC §6 Privacy): a new encryption key becomes the active one (written to the
 * key file: the standalone home's, or the one `ORGO_KEY_FILE` names), then every sealed value of
 * every service is re-encrypted with it; the old keys stay in the ring, so whatever is not done yet
 * is still readable. With keys in the environment or the security files, put the new key first
 * there, restart, and run it to re-encrypt.
 */
export function registerKeys(program: Command, env: Record<string, string | undefined>): void {
  const keys = program.command('keys').description('encryption keys: rotate');
  keys
    .command('rotate')
    .description('make a new encryption key the active one and re-encrypt every sealed value with it')
    .option('--config <dir>', 'configuration folder', 'config')
    .option('--home <dir>', 'standalone home (SQLite files in <home>/data/, keys in <home>/secrets/keys.json)', '.orgo')
    .option('--distributed', "re-encrypt the distributed shape's PostgreSQL schemas")
    .option('--no-new', 'add no key: re-encrypt with the active key (after putting a new key first in the environment)')
    .option('--audit', 'also start signing the audit chain with a new audit key (older entries verify with the old one)')
    .option('--retire', 'after re-encrypting everything, remove the encryption keys nothing uses any more')
    .option('--json', 'print JSON')
    .action(async (opts: RotateOptions) => {
      let config;
      try {
        config = checkConfiguration(path.resolve(opts.config), env);
      } catch (error) {
        failWith((error as Error).message, 1);
      }
      const home = path.resolve(opts.home);
      if (!opts.distributed) {
        const holder = new HomeLockFile(home).holder();
        if (holder) failWith(`Orgo is running on ${home} (process ${holder.pid}): stop it first, then rotate (a running process would not know the new key)`, 1);
      }
      const file = keyFileOf(env, config.security ?? {}, home, Boolean(opts.distributed));
      if (opts.distributed && opts.retire && (opts.new || opts.audit)) {
        failWith(
          'Running services keep sealing with the key they started with: rotate first (this command without --retire), restart every service so they seal with the new key, then run `orgo keys rotate --distributed --no-new --retire`',
          2,
        );
      }
      let added: string[] = [];
      if (opts.new || opts.audit) {
        if (!file) {
          failWith(
            'The keys come from the environment or the security files, which this command cannot change: put a new key first in ORGO_ENCRYPTION_KEYS (or keys.encryption), keep the old ones after it, restart the services, then run `orgo keys rotate --no-new`',
            2,
          );
        }
        added = addKeys(file, opts.new, Boolean(opts.audit));
        forgetCachedKeyRings();
      }
      const ring = file ? readKeyFile(file) : resolveKeyRing({ env, security: config.security ?? {}, home, shape: opts.distributed ? 'distributed' : 'standalone' });
      const settings = distributedSettings(config);
      const report: Record<string, RotationCount[]> = {};
      for (const service of SERVICE_NAMES) {
        const storage = loadServiceDefinition(service).storage;
        const database: DatabaseOptions = opts.distributed
          ? { type: 'postgres', url: settings.postgresUrl, schema: schemaOf(service, settings.schemaPrefix), poolSize: 2 }
          : { type: 'sqlite', path: path.resolve(home, 'data', `${service}.sqlite`) };
        const dataSource = createServiceDataSource(serviceDataSourceOptions(service, database, storage));
        try {
          await dataSource.initialize();
          await dataSource.runMigrations({ transaction: 'each' });
          report[service] = await resealColumns(dataSource, ring, [...MESSAGING_SEALED_COLUMNS, ...(storage.sealed ?? [])]);
        } catch (error) {
          failWith(`Re-encrypting ${service} stopped: ${(error as Error).message}. Nothing is lost: run the command again with --no-new to finish (the old keys still read what is left)`, 1);
        } finally {
          if (dataSource.isInitialized) await dataSource.destroy();
        }
      }
      const leftOver = Object.entries(report).flatMap(([service, counts]) => counts.filter((c) => c.remaining > 0).map((c) => `${service} ${c.table} (${c.remaining})`));
      if (opts.retire && leftOver.length) failWith(`Not retiring: values written during the pass are still under an older key: ${leftOver.join(', ')}. Run the command again with --no-new --retire`, 1);
      const retired = opts.retire && file ? retireKeys(file) : [];
      const summary = { active: ring.activeEncryption.id, audit: ring.activeAudit.id, added, retired, key_file: file, services: report };
      if (opts.json) return void process.stdout.write(`${JSON.stringify(summary)}\n`);
      if (added.length) process.stdout.write(`new key${added.length > 1 ? 's' : ''} ${added.join(', ')} in ${file}\n`);
      for (const [service, counts] of Object.entries(report)) {
        const resealed = counts.reduce((n, c) => n + c.resealed, 0);
        process.stdout.write(`${service.padEnd(21)} ${resealed} value${resealed === 1 ? '' : 's'} re-encrypted with ${ring.activeEncryption.id}\n`);
      }
      process.stdout.write(
        retired.length
          ? `retired ${retired.join(', ')}: back up ${file} now\n`
          : `older keys stay readable in the ring; remove them with --retire once every copy of the data (backups included) is re-encrypted\n`,
      );
    });
}

/** The key file the ring comes from, when it comes from one (a standalone home's is generated when missing). */
function keyFileOf(env: Record<string, string | undefined>, security: Record<string, unknown>, home: string, distributed: boolean): string | null {
  const source = keySource({ env, security, home });
  if (source.kind !== 'file' || (distributed && !source.named)) return null;
  if (!source.named) resolveKeyRing({ env: {}, security: {}, home, shape: 'standalone' });
  return source.file;
}

function addKeys(file: string, encryption: boolean, audit: boolean): string[] {
  const content = readKeyFileContent(file);
  const next = (list: { id: string }[], prefix: string) => `${prefix}${Math.max(0, ...list.map((k) => Number(k.id.replace(/^\D+/, '')) || 0)) + 1}`;
  const added: string[] = [];
  const updated: KeyFileContent = { ...content };
  if (encryption) {
    const key = newKey(next(content.encryption, 'k'));
    updated.encryption = [key, ...content.encryption];
    added.push(key.id);
  }
  if (audit) {
    const key = newKey(next(content.audit, 'a'));
    updated.audit = [key, ...content.audit];
    added.push(key.id);
  }
  writeKeyFile(file, updated);
  return added;
}

function retireKeys(file: string): string[] {
  const content = readKeyFileContent(file);
  const [active, ...old] = content.encryption;
  writeKeyFile(file, { ...content, encryption: [active] });
  return old.map((k) => k.id);
}
