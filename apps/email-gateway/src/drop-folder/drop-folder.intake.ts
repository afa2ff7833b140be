import fs from 'node:fs';
import path from 'node:path';

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import { RawMessageService } from '../raw-messages/raw-message.service';

/** A file younger than this may still be being written; it is taken at the next scan. */
const SETTLE_MS = 150;
/** Files taken at once (read, accepted together, moved). */
const CHUNK = 100;

/**
 * The standalone intake (SPEC §7): every file dropped into `<home>/inbox/<role address>/` is accepted
 * as a message to that address within a second, then moved to `<home>/processed/<role address>/`.
 * A file that was accepted but not yet moved when the process stopped is found again, recognized as
 * a duplicate and moved: nothing is ingested twice and nothing is lost. Names starting with `.` or
 * ending in `.tmp` are left alone (write `x.tmp`, then rename it, to drop a file atomically).
 */
@Injectable()
export class DropFolderIntake implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private readonly inbox: string;
  private readonly processed: string;
  private stopped = false;

  constructor(
    private readonly messages: RawMessageService,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {
    this.inbox = path.join(context.home, 'inbox');
    this.processed = path.join(context.home, 'processed');
  }

  onApplicationBootstrap(): void {
    fs.mkdirSync(this.inbox, { recursive: true });
    for (const org of this.context.config.organizations) {
      for (const role of org.roles) for (const address of role.addresses) fs.mkdirSync(path.join(this.inbox, address), { recursive: true });
    }
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
  }

  /** One pass over every mailbox folder; returns how many files were taken. */
  async scan(): Promise<number> {
    let taken = 0;
    const now = Date.now();
    for (const mailbox of this.listDirs(this.inbox)) {
      const dir = path.join(this.inbox, mailbox);
      const files = fs.readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile() && !f.name.startsWith('.') && !f.name.endsWith('.tmp'));
      const names = files.map((f) => f.name).sort();
      // Files are offered a chunk at a time: the gateway stores a chunk in one transaction.
      for (let i = 0; i < names.length; i += CHUNK) {
        if (this.stopped) return taken;
        const results = await Promise.all(names.slice(i, i + CHUNK).map((file) => this.take(dir, mailbox, file, now)));
        taken += results.filter(Boolean).length;
      }
    }
    return taken;
  }

  /** Accepts one settled file and moves it to processed/; false when it is left for a later scan. */
  private async take(dir: string, mailbox: string, file: string, now: number): Promise<boolean> {
    const full = path.join(dir, file);
    try {
      const stat = fs.statSync(full);
      if (now - stat.mtimeMs < SETTLE_MS) return false;
      const raw = fs.readFileSync(full);
      await this.messages.accept(raw, mailbox, 'drop_folder');
      this.moveToProcessed(full, mailbox, file);
      return true;
    } catch (error) {
      this.context.logger.error({ err: error, file: full }, 'drop-folder file could not be taken; it stays and is retried');
      return false;
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.scanning = this.scan()
        .catch((error) => this.context.logger.error({ err: error }, 'drop-folder scan failed'))
        .then(() => this.schedule(250));
    }, delay);
  }

  private moveToProcessed(full: string, mailbox: string, file: string): void {
    const target = path.join(this.processed, mailbox);
    fs.mkdirSync(target, { recursive: true });
    let dest = path.join(target, file);
    if (fs.existsSync(dest)) dest = path.join(target, `${Date.now()}-${file}`);
    fs.renameSync(full, dest);
  }

  private listDirs(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name);
  }
}
