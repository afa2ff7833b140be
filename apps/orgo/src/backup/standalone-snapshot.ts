import fs from 'node:fs';
import path from 'node:path';

import { SERVICE_NAMES } from '@orgo/contracts';

import type { BackupFile } from './backup-archive';

/** The part of better-sqlite3 (the driver TypeORM runs on here) a backup uses: SQLite's online backup. */
interface SqliteConnection {
  backup(destination: string): Promise<unknown>;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (
  file: string,
  options: { fileMustExist: boolean },
) => SqliteConnection;

/** The home folders that hold mail or its delivery, copied as they are (logs and run/ are not). */
export const HOME_FOLDERS = ['inbox', 'processed', 'outbox', 'imports'] as const;
/** The home's secrets: in a backup only with `--include-keys`. */
export const HOME_SECRETS = ['secrets/keys.json', 'secrets/jwt.key'] as const;

/**
 * Takes a standalone home's snapshot into `staging`: every service's SQLite database through
 * SQLite's online backup (a consistent copy of each, WAL included), the mail folders as they are,
 * and the secrets only when asked. Returns the files to archive.
 */
export async function snapshotStandaloneHome(
  home: string,
  staging: string,
  includeKeys: boolean,
): Promise<BackupFile[]> {
  const files: BackupFile[] = [];
  fs.mkdirSync(path.join(staging, 'data'), { recursive: true });
  for (const service of SERVICE_NAMES) {
    const source = path.join(home, 'data', `${service}.sqlite`);
    if (!fs.existsSync(source)) continue;
    const copy = path.join(staging, 'data', `${service}.sqlite`);
    const db = new Database(source, { fileMustExist: true });
    try {
      await db.backup(copy);
    } finally {
      db.close();
    }
    files.push({ name: `data/${service}.sqlite`, kind: 'sqlite', source: copy });
  }
  for (const folder of HOME_FOLDERS) {
    for (const file of walk(path.join(home, folder))) {
      files.push({
        name: `home/${path.relative(home, file).split(path.sep).join('/')}`,
        kind: 'file',
        source: file,
      });
    }
  }
  if (includeKeys) {
    for (const secret of HOME_SECRETS) {
      const source = path.join(home, secret);
      if (fs.existsSync(source)) files.push({ name: secret, kind: 'key', source });
    }
  }
  return files;
}

/** What in a home a restore would overwrite: a database, a mail folder's file or a secret. */
export function occupiedPaths(home: string): string[] {
  const taken: string[] = [];
  for (const service of SERVICE_NAMES) {
    const db = path.join(home, 'data', `${service}.sqlite`);
    if (fs.existsSync(db)) taken.push(db);
  }
  for (const folder of HOME_FOLDERS) {
    const first = walk(path.join(home, folder)).next();
    if (!first.done) taken.push(first.value);
  }
  return taken;
}

/**
 * Moves a checked backup from `staging` into the home: `data/*` and `secrets/*` to their places,
 * `home/<folder>/…` to `<home>/<folder>/…`. Staging lives inside the home, so each move is a rename.
 */
export function placeStandaloneFiles(staging: string, home: string, names: string[]): void {
  for (const name of names) {
    const target = path.join(home, name.startsWith('home/') ? name.slice('home/'.length) : name);
    fs.mkdirSync(path.dirname(target), {
      recursive: true,
      mode: name.startsWith('secrets/') ? 0o700 : 0o755,
    });
    fs.renameSync(path.join(staging, name), target);
  }
}

function* walk(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}
