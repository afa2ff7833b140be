import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SERVICE_NAMES } from '@orgo/contracts';

import { HomeLockFile } from '../archive-import/home-lock';
import { type BackupFile, BackupRefused, readBackupArchive, writeBackupArchive } from './backup-archive';
import { type KeySources, backupKeys, missingKeyIds } from './backup-keys';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupManifest, type BackupShape } from './backup-manifest';
import { ByteProgressView } from './backup-progress';
import { PostgresSnapshot, redact } from './postgres-snapshot';
import { occupiedPaths, placeStandaloneFiles, snapshotStandaloneHome } from './standalone-snapshot';

export const PG_DUMP_ENTRY = 'postgres/orgo.dump';

/** The version of the Orgo that takes the backup: the nearest package.json above this file. */
function orgoVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file))
      return String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown');
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

export interface BackupRequest {
  shape: BackupShape;
  to: string;
  home: string;
  includeKeys: boolean;
  keys: KeySources;
  postgres: { url: string; schemaPrefix: string };
  progress?: boolean;
}

export interface RestoreRequest {
  shape: BackupShape;
  file: string;
  home: string;
  keys: KeySources;
  postgres: { url: string; schemaPrefix: string };
  progress?: boolean;
}

export interface RestoreSummary {
  file: string;
  shape: BackupShape;
  created_at: string;
  restored: string[];
  keys_restored: boolean;
  /** Key ids the restored data needs that this installation does not have. */
  keys_missing: string[];
}

/** Takes a backup of a standalone home or of the distributed shape's PostgreSQL schemas. */
export async function takeBackup(request: BackupRequest): Promise<BackupManifest> {
  const { keys, file: keyFile } = backupKeys(request.keys, request.includeKeys);
  if (request.shape === 'standalone' && !occupiedPaths(request.home).some((p) => p.endsWith('.sqlite'))) {
    throw new BackupRefused(
      `${request.home} holds no Orgo databases (data/*.sqlite): pass the --home Orgo runs with, or --distributed for the PostgreSQL shape.`,
    );
  }
  const lock = request.shape === 'standalone' ? holdHome(request.home, 'backup') : null;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-backup-'));
  try {
    let files: BackupFile[];
    let source: BackupManifest['source'];
    if (request.shape === 'standalone') {
      files = await snapshotStandaloneHome(request.home, staging, false);
      source = { home: request.home };
    } else {
      const pg = new PostgresSnapshot(request.postgres.url);
      const wanted = SERVICE_NAMES.map((s) => `${request.postgres.schemaPrefix}${s.replace(/-/g, '_')}`);
      const schemas = await pg.populatedSchemas(wanted);
      if (!schemas.length)
        throw new BackupRefused(
          `No Orgo schema (${wanted.join(', ')}) holds tables in ${redact(request.postgres.url)}: check ORGO_POSTGRES__URL and ORGO_POSTGRES__SCHEMA_PREFIX.`,
        );
      const dump = path.join(staging, 'orgo.dump');
      if (request.progress) process.stderr.write(`Dumping ${schemas.length} schemas (one snapshot)…\n`);
      await pg.dump(schemas, dump);
      files = [{ name: PG_DUMP_ENTRY, kind: 'pg_dump', source: dump }];
      source = {
        schemas,
        schema_prefix: request.postgres.schemaPrefix,
        server_version: await pg.serverVersion(),
      };
    }
    if (request.includeKeys && keyFile) {
      files.push({ name: 'secrets/keys.json', kind: 'key', source: keyFile });
      const jwt = path.join(request.home, 'secrets', 'jwt.key');
      if (request.shape === 'standalone' && fs.existsSync(jwt))
        files.push({ name: 'secrets/jwt.key', kind: 'key', source: jwt });
    }
    const total = files.reduce((n, f) => n + fs.statSync(f.source).size, 0);
    const view = request.progress ? new ByteProgressView('Writing the backup', total) : null;
    fs.mkdirSync(path.dirname(request.to), { recursive: true });
    try {
      return await writeBackupArchive(
        request.to,
        files,
        {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          created_at: new Date().toISOString(),
          orgo_version: orgoVersion(),
          shape: request.shape,
          source,
          keys,
        },
        view?.add,
      );
    } finally {
      view?.stop();
    }
  } finally {
    lock?.release();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Restores a backup into an empty home or empty schemas. The whole file is read and checked first
 * (manifest, sizes, checksums); nothing is written to the home or the database unless it is whole.
 */
export async function restoreBackup(request: RestoreRequest): Promise<RestoreSummary> {
  const size = fs.existsSync(request.file) ? fs.statSync(request.file).size : 0;
  let lock: HomeLockFile | null = null;
  let staging: string;
  if (request.shape === 'standalone') {
    fs.mkdirSync(request.home, { recursive: true });
    lock = holdHome(request.home, 'restore');
    const taken = occupiedPaths(request.home);
    if (taken.length) {
      lock.release();
      throw new BackupRefused(
        `${request.home} is not empty (${taken.slice(0, 3).join(', ')}${taken.length > 3 ? ', …' : ''}): restore into a new or emptied home, so nothing of it is overwritten.`,
      );
    }
    // Inside the home, so placing each file is a rename on the same file system.
    staging = fs.mkdtempSync(path.join(request.home, '.restore-'));
  } else {
    staging = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-restore-'));
  }
  try {
    const view = request.progress ? new ByteProgressView('Checking the backup', size) : null;
    let manifest: BackupManifest;
    try {
      manifest = await readBackupArchive(request.file, staging, view?.add);
    } finally {
      view?.stop();
    }
    if (manifest.shape !== request.shape) {
      throw new BackupRefused(
        `${request.file} is a backup of the ${manifest.shape} shape: restore it ${manifest.shape === 'distributed' ? 'with --distributed' : 'without --distributed, into a standalone home'}.`,
      );
    }
    const keyEntries = manifest.entries.filter((e) => e.kind === 'key').map((e) => e.name);
    if (request.shape === 'standalone') {
      placeStandaloneFiles(
        staging,
        request.home,
        manifest.entries.map((e) => e.name),
      );
    } else {
      const taken = keyEntries
        .map((name) => path.join(request.home, name))
        .filter((file) => fs.existsSync(file));
      if (taken.length) {
        throw new BackupRefused(
          `The backup's keys would replace ${taken.join(', ')}: move that file away (or pass another --home), then restore again.`,
        );
      }
      await restorePostgres(request, manifest, staging);
      placeStandaloneFiles(staging, request.home, keyEntries);
    }
    return {
      file: request.file,
      shape: manifest.shape,
      created_at: manifest.created_at,
      restored: manifest.entries.map((e) => e.name),
      keys_restored: keyEntries.length > 0,
      keys_missing: missingKeyIds(manifest.keys, request.keys),
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    lock?.release();
  }
}

async function restorePostgres(
  request: RestoreRequest,
  manifest: BackupManifest,
  staging: string,
): Promise<void> {
  const source = manifest.source as { schemas: string[]; schema_prefix: string };
  if (source.schema_prefix !== request.postgres.schemaPrefix) {
    throw new BackupRefused(
      `${request.file} holds the schemas ${source.schemas.join(', ')} (prefix '${source.schema_prefix}'), and this installation uses the prefix '${request.postgres.schemaPrefix}': set ORGO_POSTGRES__SCHEMA_PREFIX=${source.schema_prefix} (or services/postgres schema_prefix) to restore it.`,
    );
  }
  const pg = new PostgresSnapshot(request.postgres.url);
  const occupied = await pg.populatedSchemas(source.schemas);
  if (occupied.length) {
    throw new BackupRefused(
      `The schemas ${occupied.join(', ')} already hold tables in ${redact(request.postgres.url)}: restore into an empty database (or drop those schemas first), so nothing is overwritten.`,
    );
  }
  await pg.dropEmptySchemas(source.schemas);
  if (request.progress) process.stderr.write(`Restoring ${source.schemas.length} schemas…\n`);
  await pg.restore(path.join(staging, PG_DUMP_ENTRY));
}

function holdHome(home: string, holder: 'backup' | 'restore'): HomeLockFile {
  const lock = new HomeLockFile(home);
  const current = lock.acquire(holder);
  if (current) {
    throw new BackupRefused(
      `Orgo is using ${home} (${current.holder}, pid ${current.pid}, since ${current.since}): stop it, then run orgo ${holder} again. ` +
        'A running standalone writes to its eight databases at once, so a copy taken meanwhile could hold a task without its audit entry.',
    );
  }
  return lock;
}
