import path from 'node:path';

import { PSTFile, type PSTFolder, PSTMessage } from 'pst-extractor';

import type { ArchiveEntry, ArchivePosition, ArchiveSkipReason, ReadArchiveOptions } from '../archive-entry';
import { ArchiveError } from '../archive-error';
import { enableAnsiLookups } from './pst-ansi-lookups';
import { composePstMessage } from './pst-mail-composer';

/** PidTagPstPassword: a CRC of the store's password, 0 when it has none. */
const PST_PASSWORD = 0x67ff;
const FOLDER_SEARCH = 2;

/** Outlook item classes that are not mail, by the reason they are counted under. */
const NOT_MAIL: [RegExp, ArchiveSkipReason][] = [
  [/^IPM\.Contact/i, 'pst-contact'],
  [/^IPM\.DistList/i, 'pst-distribution-list'],
  [/^IPM\.Appointment/i, 'pst-appointment'],
  [/^IPM\.Task/i, 'pst-task'],
  [/^IPM\.StickyNote/i, 'pst-note'],
  [/^IPM\.Activity/i, 'pst-journal'],
  [/^IPM\.Post/i, 'pst-post'],
];
/** Mail: notes, meeting requests and responses, delivery and read reports. */
const MAIL = /^(IPM\.Note|IPM\.Schedule\.Meeting|REPORT\.IPM\.Note|IPM$)/i;

interface FolderVisit {
  folder: PSTFolder | null;
  ordinal: number;
  name: string;
  error?: string;
}

/**
 * Reads an Outlook store (.pst / .ost, ANSI and Unicode) through pst-extractor, folder by folder
 * and item by item — the library reads the file at the offsets it needs, so a large store is never
 * loaded whole. Each mail item is rebuilt as an RFC 822 message; contacts, distribution lists,
 * calendar items and other non-mail items are reported with their reason, as are items and folders
 * that cannot be read. A password-protected store is not opened for reading: its items are counted
 * under `pst-password-protected` (remove the password in Outlook, then import again).
 */
export async function* readPst(file: string, options: ReadArchiveOptions = {}): AsyncGenerator<ArchiveEntry> {
  enableAnsiLookups();
  let pst: PSTFile;
  try {
    pst = quietly(() => new PSTFile(path.resolve(file)));
  } catch (error) {
    throw new ArchiveError('ARCHIVE.PST_UNREADABLE', `${file} could not be opened as an Outlook store: ${(error as Error).message}`, file);
  }
  try {
    const passwordProtected = quietly(() => readInt(pst.getMessageStore(), PST_PASSWORD)) !== 0;
    const after = options.after?.kind === 'pst' ? options.after : null;
    for (const visit of walkFolders(pst)) {
      if (after && visit.ordinal < after.folder) continue;
      const folderPosition: ArchivePosition = { kind: 'pst', folder: visit.ordinal, folderId: 0, index: -1, entryId: 0 };
      if (!visit.folder) {
        if (after && visit.ordinal === after.folder) continue;
        yield { type: 'skipped', reason: 'pst-unreadable-folder', position: folderPosition, origin: visit.name, detail: visit.error };
        continue;
      }
      const folder = visit.folder;
      const folderId = folder.descriptorNodeId.toNumber();
      if (after && visit.ordinal === after.folder) quietly(() => folder.moveChildCursorTo(after.index + 1));
      for (;;) {
        let child: unknown;
        try {
          child = quietly(() => folder.getNextChild());
        } catch (error) {
          const index = cursorOf(folder);
          yield {
            type: 'skipped',
            reason: 'pst-unreadable-item',
            position: { kind: 'pst', folder: visit.ordinal, folderId, index, entryId: 0 },
            origin: `${visit.name} #${index}`,
            detail: (error as Error).message,
          };
          break;
        }
        if (!child) break;
        const item = child as PSTMessage;
        const index = cursorOf(folder) - 1;
        const entryId = item.descriptorNodeId.toNumber();
        const position: ArchivePosition = { kind: 'pst', folder: visit.ordinal, folderId, index, entryId };
        const origin = `${visit.name} #${entryId}`;
        if (passwordProtected) {
          yield { type: 'skipped', reason: 'pst-password-protected', position, origin };
          continue;
        }
        const messageClass = item.messageClass || '';
        const notMail = NOT_MAIL.find(([pattern]) => pattern.test(messageClass));
        if (notMail || !(item instanceof PSTMessage) || !MAIL.test(messageClass)) {
          yield { type: 'skipped', reason: notMail?.[1] ?? 'pst-not-email', position, origin, detail: messageClass };
          continue;
        }
        try {
          const raw = await quietlyAsync(() => composePstMessage(item));
          yield { type: 'message', raw, position, origin };
        } catch (error) {
          yield { type: 'skipped', reason: 'pst-unreadable-item', position, origin, detail: (error as Error).message };
        }
      }
    }
  } finally {
    pst.close();
  }
}

/**
 * Every folder of the store, depth first in the store's own order, each with its ordinal (the
 * resume cursor names a folder by it). Search folders are views of other folders, not storage,
 * and are left out.
 */
function* walkFolders(pst: PSTFile): Generator<FolderVisit> {
  let ordinal = 0;
  function* visit(folder: PSTFolder, name: string): Generator<FolderVisit> {
    yield { folder, ordinal: ordinal++, name: name || '/' };
    if (!folder.hasSubfolders) return;
    let children: PSTFolder[];
    try {
      children = quietly(() => folder.getSubFolders());
    } catch (error) {
      yield { folder: null, ordinal: ordinal++, name: `${name}/…`, error: (error as Error).message };
      return;
    }
    for (const child of children) {
      if (child.folderType === FOLDER_SEARCH) continue;
      yield* visit(child, `${name}/${child.displayName}`);
    }
  }
  yield* visit(quietly(() => pst.getRootFolder()), '');
}

function cursorOf(folder: PSTFolder): number {
  return (folder as unknown as { currentEmailIndex: number }).currentEmailIndex;
}

function readInt(object: unknown, property: number): number {
  return (object as { getIntItem(id: number, fallback?: number): number }).getIntItem(property, 0);
}

/** pst-extractor prints its recoverable problems on the console; they are reported as reasons instead. */
function quietly<T>(work: () => T): T {
  const { log, error } = console;
  console.log = () => undefined;
  console.error = () => undefined;
  try {
    return work();
  } finally {
    console.log = log;
    console.error = error;
  }
}

async function quietlyAsync<T>(work: () => Promise<T>): Promise<T> {
  // Only the synchronous part of the work touches pst-extractor; the rest is MIME building.
  return quietly(() => work());
}
