import fs from 'node:fs';
import path from 'node:path';

import type { ArchiveEntry, ReadArchiveOptions } from '../archive-entry';

/** Maildir bookkeeping files that are not messages (maildir++, Dovecot, Courier, notmuch). */
const NOT_MESSAGES = /^(maildirfolder|maildirsize|subscriptions|dovecot[.-].*|courierimap.*|\.?uidvalidity|\.?xapian.*)$/i;

/**
 * Reads a folder of messages — `.eml` files, or a maildir tree with Maildir++ subfolders — one file
 * at a time, in a stable order (relative path, maildir flags after `:` left out so a renamed file
 * keeps its place). Files anywhere in the tree count, also those beside `cur/` and `new/` rather than
 * in them; `tmp/` (messages still being delivered), dot files and maildir bookkeeping files are left
 * out. An empty file is reported, not sent on.
 */
export async function* readFolder(root: string, options: ReadArchiveOptions = {}): AsyncGenerator<ArchiveEntry> {
  const after = options.after?.kind === 'folder' ? sortKey(options.after.file) : null;
  const files = listMessageFiles(root)
    .map((file) => ({ file, key: sortKey(file) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { file, key } of files) {
    if (after !== null && key <= after) continue;
    yield readMessageFile(path.join(root, file), { kind: 'folder', file }, file);
  }
}

/** A single `.eml` file. */
export async function* readEmlFile(file: string, options: ReadArchiveOptions = {}): AsyncGenerator<ArchiveEntry> {
  if (options.after?.kind === 'eml') return;
  yield readMessageFile(file, { kind: 'eml', index: 0 }, path.basename(file));
}

function readMessageFile(full: string, position: ArchiveEntry['position'], origin: string): ArchiveEntry {
  const raw = fs.readFileSync(full);
  if (raw.toString('latin1').trim() === '') return { type: 'skipped', reason: 'empty-message', position, origin };
  return { type: 'message', raw, position, origin };
}

/** Relative paths (with `/`) of the files that may be messages, in no particular order. */
export function listMessageFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'tmp') walk(child);
      } else if (entry.isFile() && !NOT_MESSAGES.test(entry.name)) {
        found.push(child);
      }
    }
  };
  walk('');
  return found;
}

/** `cur/1382298770.002195:2,S` and `cur/1382298770.002195:2,` sort (and resume) as one file. */
function sortKey(file: string): string {
  const slash = file.lastIndexOf('/');
  const colon = file.indexOf(':', slash + 1);
  return colon > slash + 1 ? file.slice(0, colon) : file;
}
