import type { ArchiveKind } from '@orgo/mail-archive';

/** The outcome counts of one import; `imported + duplicates + quarantined + ignored = read`. */
export interface ImportCounts {
  read: number;
  /** New messages that became a task or updated one. */
  imported: number;
  /** Messages the home already had (same Message-ID, else same bytes, on the same mailbox). */
  duplicates: number;
  /** Messages the parser refused, by its reason. */
  quarantined: number;
  /** Entries that are not messages to act on: rules that ignore them, contacts, empty files… */
  ignored: number;
  /** Quarantined and ignored counts by reason (`EMAIL.UNPARSEABLE`, `rule:newsletters`, `pst-contact`…). */
  by_reason: Record<string, number>;
}

/** What `orgo import --json` prints. */
export interface ImportSummary extends ImportCounts {
  archive: string;
  kind: ArchiveKind;
  /** The organization and (unless chosen per message) the mailbox the messages went to. */
  organization: string;
  /** This run continued an import that had been interrupted. */
  resumed: boolean;
  /** The import was stopped before the end of the archive; running it again continues it. */
  interrupted: boolean;
}

export type Outcome = { kind: 'imported' } | { kind: 'duplicate' } | { kind: 'quarantined' | 'ignored'; reason: string };

export function emptyCounts(): ImportCounts {
  return { read: 0, imported: 0, duplicates: 0, quarantined: 0, ignored: 0, by_reason: {} };
}

/** Adds one message's outcome to the counts (`read` is counted when the message is read). */
export function countOutcome(counts: ImportCounts, outcome: Outcome): void {
  switch (outcome.kind) {
    case 'imported':
      counts.imported++;
      return;
    case 'duplicate':
      counts.duplicates++;
      return;
    default:
      counts[outcome.kind]++;
      counts.by_reason[outcome.reason] = (counts.by_reason[outcome.reason] ?? 0) + 1;
  }
}
