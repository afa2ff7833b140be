import fs from 'node:fs';
import path from 'node:path';

import type { ArchiveKind } from './archive-entry';
import { ArchiveError } from './archive-error';
import { listMessageFiles } from './folder/folder-reader';
import { isPostmark } from './mbox/mbox-postmark';

const PST_MAGIC = '!BDN';
const MBOX_EXTENSIONS = /\.(mbox|mbx|mbox\.txt)$/i;

/**
 * What kind of archive a path is: a folder is a maildir when it or a folder below it has `cur/` or
 * `new/`, else a folder of `.eml` files; a file is an Outlook store by its signature (`!BDN`), an
 * mbox by its extension or when it starts with a postmark (`From …`), else one message.
 */
export function detectArchiveKind(target: string): ArchiveKind {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new ArchiveError('ARCHIVE.NOT_FOUND', `${target} does not exist: give the path of an .eml file or folder, an mbox, a maildir or a .pst`, target);
  }
  if (stat.isDirectory()) return isMaildir(target) ? 'maildir' : 'eml-folder';
  if (!stat.isFile()) throw new ArchiveError('ARCHIVE.NOT_A_FILE', `${target} is neither a file nor a folder`, target);
  const head = readHead(target, 1024);
  if (head.subarray(0, 4).toString('latin1') === PST_MAGIC) return 'pst';
  if (MBOX_EXTENSIONS.test(target)) return 'mbox';
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0];
  return path.extname(target).toLowerCase() !== '.eml' && isPostmark(firstLine) ? 'mbox' : 'eml';
}

function isMaildir(root: string): boolean {
  if (['cur', 'new'].some((d) => fs.existsSync(path.join(root, d)))) return true;
  return listMessageFiles(root).some((file) => /(^|\/)(cur|new)\/[^/]+$/.test(file));
}

function readHead(file: string, bytes: number): Buffer {
  const handle = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = fs.readSync(handle, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(handle);
  }
}
