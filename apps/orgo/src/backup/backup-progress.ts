import { SingleBar } from 'cli-progress';

const LINE_EVERY_MS = 5000;

/**
 * A backup's or restore's progress in bytes on stderr: a bar on a terminal, a plain line every few
 * seconds otherwise (logs, CI). stdout stays free for `--json`.
 */
export class ByteProgressView {
  private bar?: SingleBar;
  private done = 0;
  private lastLine = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  readonly add = (bytes: number): void => {
    this.done += bytes;
    if (this.stream.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar({
          format: `${this.label} {bar} {percentage}% | {value_mb}/{total_mb} MB | ETA {eta_formatted}`,
          stream: this.stream,
          hideCursor: true,
          clearOnComplete: false,
        });
        this.bar.start(Math.max(this.total, 1), 0, { value_mb: '0.0', total_mb: mb(this.total) });
      }
      this.bar.update(Math.min(this.done, this.total), { value_mb: mb(this.done), total_mb: mb(this.total) });
      return;
    }
    const now = Date.now();
    if (now - this.lastLine < LINE_EVERY_MS) return;
    this.lastLine = now;
    this.stream.write(`${this.label}: ${mb(this.done)} of ${mb(this.total)} MB\n`);
  };

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

export function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
