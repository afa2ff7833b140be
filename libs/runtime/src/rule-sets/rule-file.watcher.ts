import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface RuleFileWatcherOptions {
  /** The configuration folder. */
  dir: string;
  /** Folders to watch, relative to `dir` (those that do not exist are covered by the periodic check). */
  folders: string[];
  /** The files whose content is fingerprinted, relative to `dir` (listed again at every check). */
  files: () => string[];
  /** Called once the files' content differs from the last check; checks never overlap. */
  onChange: () => Promise<void>;
  /** Quiet time after a file event before checking (editors write in several steps). */
  debounceMs?: number;
  /** Interval of the periodic content check, for filesystems where file events are lost. */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

export const DEFAULT_RULE_WATCH = { debounceMs: 250, pollMs: 2_000 };

/**
 * Notices changes of the rule files while the service runs: `fs.watch` on their folders (an event
 * starts a check after a short quiet time) and a periodic fingerprint of the files' names and bytes
 * (a cheap fallback for filesystems that lose events: network mounts, some container volumes). A
 * check calls `onChange` only when the fingerprint differs from the previous one, so an editor's
 * several writes, an atomic rename and the periodic check all end in one reload.
 */
export class RuleFileWatcher {
  private readonly watchers: fs.FSWatcher[] = [];
  private timer?: NodeJS.Timeout;
  private poll?: NodeJS.Timeout;
  /** None before the first check: the first one always reads the files (they may have changed since the start read them). */
  private fingerprint?: string;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly options: RuleFileWatcherOptions) {}

  start(): void {
    const { dir, folders, debounceMs = DEFAULT_RULE_WATCH.debounceMs, pollMs = DEFAULT_RULE_WATCH.pollMs } = this.options;
    for (const folder of folders) {
      const full = path.join(dir, folder);
      if (!fs.existsSync(full)) continue;
      try {
        const watcher = fs.watch(full, { persistent: false }, () => this.schedule(debounceMs));
        watcher.on('error', (error) => this.options.onError?.(error));
        this.watchers.push(watcher);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    this.poll = setInterval(() => void this.check(), pollMs);
    this.poll.unref();
  }

  /** Stops watching and waits for a check in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const watcher of this.watchers.splice(0)) watcher.close();
    clearTimeout(this.timer);
    clearInterval(this.poll);
    await this.running;
  }

  /** Compares the files with the last check and calls `onChange` when they differ. */
  check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const fingerprint = this.currentFingerprint();
          if (fingerprint === this.fingerprint || this.stopped) continue;
          this.fingerprint = fingerprint;
          await this.options.onChange();
        } catch (error) {
          this.options.onError?.(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), delayMs);
    this.timer.unref();
  }

  private currentFingerprint(): string {
    const hash = createHash('sha256');
    for (const file of this.options.files()) {
      hash.update(file).update('\0');
      try {
        hash.update(fs.readFileSync(path.join(this.options.dir, file)));
      } catch (error) {
        hash.update(`unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      hash.update('\0');
    }
    return hash.digest('hex');
  }
}
