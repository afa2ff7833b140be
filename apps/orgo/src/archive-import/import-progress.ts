import { SingleBar } from 'cli-progress';

import type { ImportProgress } from './archive-import.runner';
import type { ImportSummary } from './import-summary';

const LINE_EVERY_MS = 5000;

/**
 * Shows an import's progress on stderr: a bar with the counts and the rate on a terminal, a plain
 * line every few seconds otherwise (logs, CI). stdout stays free for `--json`.
 */
export class ImportProgressView {
  private bar?: SingleBar;
  private readonly startedAt = Date.now();
  private lastLine = 0;
  private firstRead: number | null = null;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(progress: ImportProgress): void {
    const { counts } = progress;
    this.firstRead ??= counts.read;
    const seconds = Math.max((Date.now() - this.startedAt) / 1000, 0.001);
    const rate = ((counts.read - this.firstRead) / seconds).toFixed(1);
    const payload = { ...counts, rate, unit: progress.kind === 'mbox' ? 'bytes' : 'entries' };
    if (this.stream.isTTY) {
      if (!this.bar) {
        const format = progress.total
          ? '{bar} {percentage}% | read {read} | imported {imported} | duplicates {duplicates} | quarantined {quarantined} | ignored {ignored} | {rate} msg/s'
          : 'read {read} | imported {imported} | duplicates {duplicates} | quarantined {quarantined} | ignored {ignored} | {rate} msg/s';
        this.bar = new SingleBar({ format, stream: this.stream, hideCursor: true, clearOnComplete: false, etaBuffer: 50 });
        this.bar.start(progress.total || 1, 0, payload);
      }
      this.bar.update(progress.total ? Math.min(progress.done, progress.total) : 0, payload);
      return;
    }
    const now = Date.now();
    if (now - this.lastLine < LINE_EVERY_MS) return;
    this.lastLine = now;
    this.stream.write(`${describeCounts(counts)} (${rate} msg/s)\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

export function describeCounts(c: Pick<ImportSummary, 'read' | 'imported' | 'duplicates' | 'quarantined' | 'ignored'>): string {
  return `read ${c.read}: imported ${c.imported}, duplicates ${c.duplicates}, quarantined ${c.quarantined}, ignored ${c.ignored}`;
}

/** The summary for a person. */
export function describeSummary(summary: ImportSummary): string {
  const lines = [
    `${summary.interrupted ? 'Import interrupted' : 'Imported'} ${summary.archive} (${summary.kind}) into ${summary.organization}${summary.resumed ? ', continuing an earlier import' : ''}.`,
    `  ${describeCounts(summary)}`,
  ];
  const reasons = Object.entries(summary.by_reason).sort(([a], [b]) => a.localeCompare(b));
  if (reasons.length) lines.push(`  by reason: ${reasons.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  if (summary.interrupted) lines.push('  Run the same command again to continue where it stopped.');
  return lines.join('\n');
}
