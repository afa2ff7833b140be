/** The kinds of archive `orgo import` reads (SPEC §6 "Offline and sync"). */
export type ArchiveKind = 'eml' | 'eml-folder' | 'mbox' | 'maildir' | 'pst';

/**
 * Where an entry sits in its archive, as plain JSON: a byte range in an mbox, a relative file name
 * in a folder or maildir, a folder ordinal and item index in a PST. Stored between runs; handing it
 * back as `after` resumes the reading right after that entry.
 */
export type ArchivePosition =
  | { kind: 'eml'; index: number }
  | { kind: 'folder'; file: string }
  | { kind: 'mbox'; offset: number; end: number }
  | { kind: 'pst'; folder: number; folderId: number; index: number; entryId: number };

/** Why an entry of an archive is not a message to import. Stable codes: summaries count by them. */
export type ArchiveSkipReason =
  | 'empty-message'
  | 'pst-password-protected'
  | 'pst-contact'
  | 'pst-distribution-list'
  | 'pst-appointment'
  | 'pst-task'
  | 'pst-note'
  | 'pst-journal'
  | 'pst-post'
  | 'pst-not-email'
  | 'pst-unreadable-item'
  | 'pst-unreadable-folder';

/** One message of an archive: its raw RFC 822 bytes. */
export interface ArchiveMessage {
  type: 'message';
  raw: Buffer;
  position: ArchivePosition;
  /** For a person: the file, byte offset or PST folder the message came from. */
  origin: string;
}

/** An entry that is not a message (a contact, an empty file…), counted with its reason. */
export interface ArchiveSkip {
  type: 'skipped';
  reason: ArchiveSkipReason;
  position: ArchivePosition;
  origin: string;
  detail?: string;
}

export type ArchiveEntry = ArchiveMessage | ArchiveSkip;

export interface ReadArchiveOptions {
  /** Resume right after this entry (the position of the last entry handled in an earlier run). */
  after?: ArchivePosition;
}
