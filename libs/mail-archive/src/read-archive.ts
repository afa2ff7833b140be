import type { ArchiveEntry, ArchiveKind, ReadArchiveOptions } from './archive-entry';
import { detectArchiveKind } from './detect-archive-kind';
import { readEmlFile, readFolder } from './folder/folder-reader';
import { readMbox } from './mbox/mbox-reader';
import { readPst } from './pst/pst-reader';

/**
 * The entries of an archive, one at a time, whatever its kind (detected unless given): messages
 * with their raw bytes, and entries that are not messages with their reason. `after` resumes right
 * after an entry returned by an earlier read of the same archive.
 */
export function readArchive(target: string, options: ReadArchiveOptions & { kind?: ArchiveKind } = {}): AsyncGenerator<ArchiveEntry> {
  const kind = options.kind ?? detectArchiveKind(target);
  switch (kind) {
    case 'pst':
      return readPst(target, options);
    case 'mbox':
      return readMbox(target, options);
    case 'maildir':
    case 'eml-folder':
      return readFolder(target, options);
    case 'eml':
      return readEmlFile(target, options);
  }
}
