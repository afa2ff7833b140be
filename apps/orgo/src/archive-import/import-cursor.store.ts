import fs from 'node:fs';
import path from 'node:path';

import type { ArchiveKind, ArchivePosition } from '@orgo/mail-archive';

import { type ImportCounts, emptyCounts } from './import-summary';

/** The state of one archive's import, kept in `<home>/imports/<fingerprint>.json`. */
export interface ImportCursor {
  version: 1;
  fingerprint: string;
  archive: string;
  kind: ArchiveKind;
  organization: string;
  startedAt: string;
  finishedAt: string | null;
  /** The last entry handled; reading resumes right after it. */
  after: ArchivePosition | null;
  counts: ImportCounts;
  /** Accepted messages whose outcome (task, quarantine, ignore) was not known yet. */
  pending: string[];
  /** The last message this import accepted, to recognize it when an interruption hid the answer. */
  lastAccepted: { emailId: string; receivedAt: string } | null;
}

/**
 * One cursor file per archive under `<home>/imports/`, written after every entry (write, then
 * rename: a crash leaves the old or the new state, never half of one). A finished import keeps its
 * file as a record; importing the same archive again starts a new one.
 */
export class ImportCursorStore {
  private readonly dir: string;

  constructor(home: string) {
    this.dir = path.join(home, 'imports');
  }

  /** The unfinished import of this archive, or a new one. */
  open(fingerprint: string, init: Pick<ImportCursor, 'archive' | 'kind' | 'organization'>, now: string): { cursor: ImportCursor; resumed: boolean } {
    const existing = this.read(fingerprint);
    if (existing && !existing.finishedAt && existing.organization === init.organization) return { cursor: existing, resumed: true };
    const cursor: ImportCursor = {
      version: 1,
      fingerprint,
      ...init,
      startedAt: now,
      finishedAt: null,
      after: null,
      counts: emptyCounts(),
      pending: [],
      lastAccepted: null,
    };
    this.save(cursor);
    return { cursor, resumed: false };
  }

  save(cursor: ImportCursor): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(cursor.fingerprint);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(cursor));
    fs.renameSync(temp, file);
  }

  private read(fingerprint: string): ImportCursor | null {
    const file = this.fileOf(fingerprint);
    if (!fs.existsSync(file)) return null;
    try {
      const cursor = JSON.parse(fs.readFileSync(file, 'utf8')) as ImportCursor;
      return cursor.version === 1 ? cursor : null;
    } catch {
      return null;
    }
  }

  private fileOf(fingerprint: string): string {
    return path.join(this.dir, `${fingerprint}.json`);
  }
}
