import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

import * as tar from 'tar-stream';

import {
  type BackupEntry,
  type BackupEntryKind,
  type BackupManifest,
  MANIFEST_NAME,
  isSafeEntryName,
  manifestProblems,
} from './backup-manifest';

/** A file to put into a backup, read from `source`. */
export interface BackupFile {
  name: string;
  kind: BackupEntryKind;
  source: string;
}

/** Why a backup file cannot be restored; the message says what is wrong and what to do. */
export class BackupRefused extends Error {}

/**
 * Writes a backup: a gzip-compressed tar of the files, each hashed as it is written, with
 * `manifest.json` (sizes and sha256 checksums) as the last entry. It is written to `<file>.partial`
 * and renamed at the end, so an interrupted backup never looks complete. `onBytes` reports progress.
 */
export async function writeBackupArchive(
  file: string,
  files: BackupFile[],
  manifest: Omit<BackupManifest, 'entries'>,
  onBytes: (n: number) => void = () => undefined,
): Promise<BackupManifest> {
  const partial = `${file}.partial`;
  const pack = tar.pack();
  const written = pipeline(
    pack,
    zlib.createGzip({ level: 6 }),
    fs.createWriteStream(partial, { mode: 0o600 }),
  );
  written.catch(() => undefined);
  const entries: BackupEntry[] = [];
  try {
    for (const f of files) {
      const { size, mtime } = fs.statSync(f.source);
      const hash = createHash('sha256');
      const entry = pack.entry({ name: f.name, size, mtime, mode: 0o600 });
      await pipeline(
        fs.createReadStream(f.source),
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            onBytes(chunk.length);
            done(null, chunk);
          },
        }),
        entry,
      );
      entries.push({ name: f.name, kind: f.kind, size, sha256: hash.digest('hex') });
    }
    const full: BackupManifest = { ...manifest, entries };
    pack.entry({ name: MANIFEST_NAME, mode: 0o600 }, `${JSON.stringify(full, null, 2)}\n`);
    pack.finalize();
    await written;
    fs.renameSync(partial, file);
    return full;
  } catch (error) {
    pack.destroy();
    await written.catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Reads a whole backup into `staging` and checks it against its manifest before anything is
 * restored: a truncated file (the gzip or tar stream ends early, or no manifest at its end), a
 * damaged one (gzip checksum, an entry's sha256), or one whose entries and manifest disagree is
 * refused with the reason. Returns the manifest of a whole backup. `onBytes` reports the file's
 * bytes as they are read (their total is the file's size).
 */
export async function readBackupArchive(
  file: string,
  staging: string,
  onBytes: (n: number) => void = () => undefined,
): Promise<BackupManifest> {
  if (!fs.existsSync(file)) throw new BackupRefused(`There is no backup file at ${file}.`);
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifestText: string | undefined;
  let afterManifest: string | undefined;
  const extract = tar.extract();
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  const reading = pipeline(fs.createReadStream(file), counted, zlib.createGunzip(), extract);
  // Awaited below; its rejection (a truncated gzip) may come while an entry is still being read.
  reading.catch(() => undefined);
  try {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      if (manifestText !== undefined) afterManifest ??= name;
      if (type !== 'file' || !isSafeEntryName(name)) {
        entry.resume();
        throw new BackupRefused(
          `${file} is not an Orgo backup: it holds '${name}' (${type}), which a backup never contains.`,
        );
      }
      if (name === MANIFEST_NAME) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        manifestText = Buffer.concat(chunks).toString('utf8');
        continue;
      }
      const target = path.join(staging, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const hash = createHash('sha256');
      let size = 0;
      await pipeline(
        entry,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
          },
        }),
        fs.createWriteStream(target, { mode: 0o600 }),
      );
      seen.set(name, { size, sha256: hash.digest('hex') });
    }
    await reading;
  } catch (error) {
    await reading.catch(() => undefined);
    if (error instanceof BackupRefused) throw error;
    throw new BackupRefused(damaged(file, error as NodeJS.ErrnoException));
  }
  if (manifestText === undefined) {
    throw new BackupRefused(
      `${file} is incomplete: it has no manifest at its end (it was cut short, e.g. by a full disk or an interrupted copy, or it is not an Orgo backup). Nothing was restored; use a complete copy of the backup.`,
    );
  }
  if (afterManifest)
    throw new BackupRefused(
      `${file} is not an Orgo backup as written: '${afterManifest}' follows its manifest.`,
    );
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    throw new BackupRefused(
      `${file} has a damaged manifest (not JSON). Nothing was restored; use another copy of the backup.`,
    );
  }
  const problems = manifestProblems(manifest, seen);
  if (problems.length)
    throw new BackupRefused(
      `${file} is damaged and was not restored:\n${problems.map((p) => `  - ${p}`).join('\n')}\nUse another copy of the backup.`,
    );
  return manifest as BackupManifest;
}

function damaged(file: string, error: NodeJS.ErrnoException): string {
  const truncated =
    error.code === 'Z_BUF_ERROR' || /unexpected end|premature close|truncated/i.test(error.message);
  if (truncated)
    return `${file} is truncated: it ends before the backup does (${error.message}). Nothing was restored; use a complete copy of the backup.`;
  return `${file} is damaged and cannot be read (${error.message}). Nothing was restored; use another copy of the backup.`;
}
