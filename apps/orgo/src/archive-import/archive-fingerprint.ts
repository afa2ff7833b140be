import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { listMessageFiles } from '@orgo/mail-archive';

const SAMPLE_BYTES = 64 * 1024;

/**
 * Names an archive by its content, cheaply, so its import cursor survives a rename or a move: for a
 * file its size and its first and last 64 KiB; for a folder its message files' names and sizes. An
 * archive that changed (mail appended to an mbox, files added to a folder) is a new import — which
 * finds the messages it already has as duplicates.
 */
export function archiveFingerprint(target: string): string {
  const hash = createHash('sha256');
  const stat = fs.statSync(target);
  if (stat.isDirectory()) {
    for (const file of listMessageFiles(target).sort()) hash.update(`${file}\u0000${fs.statSync(path.join(target, file)).size}\n`);
    return `dir-${hash.digest('hex').slice(0, 32)}`;
  }
  hash.update(`${stat.size}\n`);
  const handle = fs.openSync(target, 'r');
  try {
    const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, stat.size));
    hash.update(sample.subarray(0, fs.readSync(handle, sample, 0, sample.length, 0)));
    hash.update(sample.subarray(0, fs.readSync(handle, sample, 0, sample.length, Math.max(0, stat.size - sample.length))));
  } finally {
    fs.closeSync(handle);
  }
  return `file-${hash.digest('hex').slice(0, 32)}`;
}
