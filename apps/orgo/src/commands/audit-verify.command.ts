import fs from 'node:fs';
import path from 'node:path';

import type { AuditVerifyQueryV1, AuditVerifyResultV1 } from '@orgo/contracts';
import { type DatabaseOptions, createServiceDataSource } from '@orgo/persistence';
import { type ServiceDefinition, serviceDataSourceOptions } from '@orgo/runtime';
import { type KeyRing, keyFilePath, resolveKeyRing } from '@orgo/security';
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';

import { distributedSettings, schemaOf } from '../distributed/distributed-settings';
import { checkConfiguration } from '../standalone/check-configuration';
import { failWith } from './fail';

const CATEGORIES = ['task', 'email', 'workflow', 'security', 'system'];

interface VerifyOptions {
  org?: string;
  category?: string;
  json?: boolean;
  config: string;
  home: string;
  distributed?: boolean;
}

/** The audit-log's entry, loaded by name like the launcher does (no static import of an app). */
interface AuditLogEntry {
  service: ServiceDefinition;
  verifyAuditSnapshot(dataSource: DataSource, ring: KeyRing, query: AuditVerifyQueryV1): Promise<AuditVerifyResultV1>;
}

function loadAuditLog(): AuditLogEntry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.resolve(__dirname, '..', '..', '..', 'audit-log', 'src', 'service')) as AuditLogEntry;
}

/**
 * `orgo audit verify` (SPEC §7, ADR 0007): recomputes every category's chain in the audit-log's own
 * database — the standalone home's SQLite file, or with `--distributed` its PostgreSQL schema —
 * with the installation's audit keys, checks the signed head and checkpoints, and names the first
 * broken entry. Exit 0 when the trail is whole, 1 when it is broken, 2 when it cannot be checked.
 * Reads only: it never migrates, writes or generates keys.
 */
export function registerAuditVerify(program: Command, env: Record<string, string | undefined>): void {
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('verify the keyed hash chains of the audit trail; names the first broken entry (edited, deleted, inserted, reordered, truncated, wrong key)')
    .option('--org <slug>', "count only this organization's entries (every chain is still checked whole)")
    .option('--category <category>', `only this chain: ${CATEGORIES.join(', ')}`)
    .option('--json', 'print JSON')
    .option('--config <dir>', 'configuration folder', 'config')
    .option('--home <dir>', 'standalone home (the trail in <home>/data/audit-log.sqlite, keys in <home>/secrets/)', '.orgo')
    .option('--distributed', "verify the audit-log's PostgreSQL schema of the distributed shape")
    .action(async (opts: VerifyOptions) => {
      if (opts.category && !CATEGORIES.includes(opts.category)) failWith(`--category must be one of ${CATEGORIES.join(', ')}; found '${opts.category}'`, 2);
      let config;
      try {
        config = checkConfiguration(path.resolve(opts.config), env);
      } catch (error) {
        failWith(`The audit trail was not verified.\n${(error as Error).message}`, 2);
      }
      if (opts.org && !config.organizations.some((o) => o.slug === opts.org)) {
        failWith(`--org '${opts.org}' is not an organization of ${path.resolve(opts.config)}; known: ${config.organizations.map((o) => o.slug).join(', ')}`, 2);
      }
      const home = path.resolve(opts.home);
      const ring = auditKeys(env, config.security ?? {}, home, opts.distributed ? 'distributed' : 'standalone');
      const settings = distributedSettings(config);
      const database: DatabaseOptions = opts.distributed
        ? { type: 'postgres', url: settings.postgresUrl, schema: schemaOf('audit-log', settings.schemaPrefix), poolSize: 2 }
        : { type: 'sqlite', path: path.join(home, 'data', 'audit-log.sqlite') };
      if (database.type === 'sqlite' && !fs.existsSync(database.path)) {
        failWith(`There is no audit trail at ${database.path}: pass the --home Orgo runs with (or --distributed for the PostgreSQL shape).`, 2);
      }
      const auditLog = loadAuditLog();
      const dataSource = createServiceDataSource(serviceDataSourceOptions('audit-log', database, auditLog.service.storage));
      let result: AuditVerifyResultV1;
      try {
        await dataSource.initialize();
        if (await dataSource.showMigrations()) failWith("The audit-log database has pending migrations: run 'orgo migrate' (or start Orgo once), then verify again.", 2);
        result = await auditLog.verifyAuditSnapshot(dataSource, ring, { organization: opts.org, category: opts.category });
      } catch (error) {
        failWith(`The audit trail could not be read (${database.type === 'sqlite' ? database.path : `schema ${database.schema}`}): ${(error as Error).message}`, 2);
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(describe(result));
      if (result.broken) {
        if (!opts.json) process.stderr.write(`${brokenLine(result)}\n`);
        process.exit(1);
      }
    });
}

function auditKeys(env: Record<string, string | undefined>, security: Record<string, unknown>, home: string, shape: 'standalone' | 'distributed'): KeyRing {
  try {
    // Never generates a key file: a trail is verified with the keys it was written with.
    return resolveKeyRing({ env, security, home, shape: 'distributed' });
  } catch (error) {
    const where = shape === 'standalone' ? ` and there is no ${keyFilePath(home)}` : '';
    failWith(`The audit keys are not available${where}: ${(error as Error).message}`, 2);
  }
}

function brokenLine(result: AuditVerifyResultV1): string {
  const b = result.broken!;
  const at = [b.seq !== null ? `seq ${b.seq}` : null, b.id ? `id ${b.id}` : null].filter(Boolean).join(', ');
  return `The audit trail is broken: ${b.category}${at ? ` ${at}` : ''}: ${b.what} — ${b.problem}`;
}

function describe(result: AuditVerifyResultV1): string {
  const of = result.organization ? ` of ${result.organization}` : '';
  const lines = result.categories.map((c) => {
    const extra = [c.anchor_seq ? `from seq ${c.anchor_seq + 1} (older ones deleted by retention)` : null, c.erased ? `${c.erased} erased` : null, c.legacy ? `${c.legacy} legacy unkeyed` : null].filter(Boolean);
    return `  ${c.category.padEnd(9)} ${String(c.entries).padStart(7)} entries  newest seq ${c.seq}  ${c.checkpoints} checkpoints${extra.length ? `  ${extra.join(', ')}` : ''}\n`;
  });
  const head = result.ok ? `The audit trail is whole: ${result.checked} entries${of} verified.\n` : `The audit trail is broken (${result.checked} entries${of} read).\n`;
  return head + lines.join('');
}
