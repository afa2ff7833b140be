import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds a standalone home: `orgo start` (which takes imports over), a headless `orgo import`, `orgo backup` or `orgo restore`. */
export interface HomeLock {
  pid: number;
  holder: 'start' | 'import' | 'backup' | 'restore';
  /** Where a running `orgo start` takes imports (a Unix socket, a named pipe on Windows). */
  socket: string | null;
  since: string;
}

/**
 * `<home>/run/orgo.lock` says which process has the home's SQLite files open, so a second process
 * never opens them too. A lock whose process is gone (killed) is stale and is taken over.
 */
export class HomeLockFile {
  readonly file: string;

  constructor(private readonly home: string) {
    this.file = path.join(home, 'run', 'orgo.lock');
  }

  /** The live holder, or null when the home is free (no lock, or its process is gone). */
  holder(): HomeLock | null {
    let lock: HomeLock;
    try {
      lock = JSON.parse(fs.readFileSync(this.file, 'utf8')) as HomeLock;
    } catch {
      return null;
    }
    return lock.pid !== process.pid && isAlive(lock.pid) ? lock : null;
  }

  /** Takes the home for this process; returns the live holder instead when there is one. */
  acquire(holder: HomeLock['holder'], socket: string | null = null): HomeLock | null {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = this.holder();
      if (current) return current;
      fs.rmSync(this.file, { force: true });
      const lock: HomeLock = { pid: process.pid, holder, socket, since: new Date().toISOString() };
      try {
        fs.writeFileSync(this.file, JSON.stringify(lock), { flag: 'wx' });
        return null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return this.holder();
  }

  release(): void {
    try {
      const lock = JSON.parse(fs.readFileSync(this.file, 'utf8')) as HomeLock;
      if (lock.pid === process.pid) fs.rmSync(this.file, { force: true });
    } catch {
      // Nothing to release.
    }
  }

  /** The socket path a running `orgo start` listens on for this home. */
  socketPath(): string {
    if (process.platform === 'win32') return `\\\\.\\pipe\\orgo-${digest(this.home)}`;
    const inHome = path.join(this.home, 'run', 'import.sock');
    // Unix socket paths are limited to about 100 bytes; a deep home uses the temp folder instead.
    return Buffer.byteLength(inHome) < 100 ? inHome : path.join(os.tmpdir(), `orgo-${digest(this.home)}.sock`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function digest(home: string): string {
  return createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 16);
}
