import type { ImapMailboxSettings } from '@orgo/config';
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';

import type { AcceptOutcome } from '../raw-messages/raw-message.service';
import { imapMetrics } from './imap-metrics';
import type { MailboxCursor } from './mailbox-cursor.repository';

/** Messages fetched per round trip: bounds memory (a message can be megabytes) and lost work. */
const BATCH = 20;
/** Attempts at one message before it is left behind so the ones after it are read. */
const MAX_ATTEMPTS = 3;

export interface MailboxSyncDeps {
  settings: ImapMailboxSettings;
  /** Cursor key of this folder. */
  key: string;
  logger: Logger;
  accept(raw: Buffer, mailbox: string): Promise<AcceptOutcome>;
  loadCursor(key: string): Promise<MailboxCursor | null>;
  saveCursor(key: string, cursor: MailboxCursor): Promise<void>;
  stopped(): boolean;
}

/**
 * One pass over the selected folder: every message whose UID is past the cursor is fetched,
 * accepted (stored, deduped, `email.received` in the same transaction), moved or flagged as
 * configured, and only then is the cursor moved past it. A crash anywhere in between leaves the
 * cursor behind: the message is fetched again and recognized as a duplicate (exactly once).
 * A message the server keeps refusing to give is left behind after a few attempts so the ones
 * after it flow; a failure to store (the database) or a broken connection ends the pass, and the
 * caller tries again later from the same message.
 */
export class MailboxSync {
  /** Failed attempts per UID (of the current UIDVALIDITY) in this process. */
  private readonly attempts = new Map<number, number>();
  private uidValidity: string | null = null;

  constructor(private readonly deps: MailboxSyncDeps) {}

  /** Runs one pass; returns how many messages were taken (accepted or recognized). */
  async run(client: ImapFlow): Promise<number> {
    const { settings, logger } = this.deps;
    const box = client.mailbox;
    if (!box) throw new Error(`folder ${settings.folder} is not selected`);
    const cursor = await this.cursorFor(String(box.uidValidity));
    // Always ask: while polling, the client's message count is only as fresh as the last command.
    const found = await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true });
    const uids = (Array.isArray(found) ? found : []).filter((uid) => uid > cursor.lastUid).sort((a, b) => a - b);
    if (uids.length > 0) logger.debug({ count: uids.length, after: cursor.lastUid }, 'new messages in the folder');
    let taken = 0;
    for (let i = 0; i < uids.length && !this.deps.stopped(); i += BATCH) {
      const batch = uids.slice(i, i + BATCH);
      const sources = await this.fetchSources(client, batch);
      const done: number[] = [];
      // Left behind: the cursor passes them, but they stay where they are on the server (never
      // filed as processed, since Orgo holds nothing of them).
      const leftBehind: number[] = [];
      let failure: unknown;
      for (const uid of batch) {
        const raw = sources.get(uid);
        if (raw === undefined) {
          if (this.leaveBehind(uid, 'the server gave no content for it')) leftBehind.push(uid);
          else break;
          continue;
        }
        imapMetrics.messages.inc({ mailbox: settings.address, outcome: 'fetched' });
        try {
          const outcome = await this.deps.accept(raw, settings.address);
          imapMetrics.messages.inc({ mailbox: settings.address, outcome: outcome.status });
          this.attempts.delete(uid);
          done.push(uid);
          taken++;
        } catch (error) {
          // Storing failed (the database): never skip a message for that; the pass ends and the
          // mailbox is read again after a delay, from this message on.
          imapMetrics.messages.inc({ mailbox: settings.address, outcome: 'error' });
          failure = error;
          break;
        }
      }
      await this.markProcessed(client, done);
      const passed = [...done, ...leftBehind];
      const last = passed.length > 0 ? Math.max(...passed) : undefined;
      // The cursor may only pass UIDs that are all done: stop at the first one that is not.
      const contiguous = batch.findIndex((uid) => !passed.includes(uid));
      const upTo = contiguous === -1 ? last : contiguous > 0 ? batch[contiguous - 1] : undefined;
      if (upTo !== undefined) {
        cursor.lastUid = upTo;
        await this.deps.saveCursor(this.deps.key, cursor);
      }
      if (failure) throw failure;
      if (contiguous !== -1) return taken;
    }
    return taken;
  }

  private async cursorFor(uidValidity: string): Promise<MailboxCursor> {
    const stored = await this.deps.loadCursor(this.deps.key);
    if (stored && stored.uidValidity === uidValidity) return stored;
    if (stored) {
      this.deps.logger.warn(
        { previousUidValidity: stored.uidValidity, uidValidity },
        'the folder was recreated on the server (UIDVALIDITY changed): reading it again from the start; mail already accepted is recognized and not taken twice',
      );
    }
    if (this.uidValidity !== uidValidity) this.attempts.clear();
    this.uidValidity = uidValidity;
    const fresh = { uidValidity, lastUid: 0 };
    await this.deps.saveCursor(this.deps.key, fresh);
    return fresh;
  }

  /** Sources of a batch in one round trip; one by one when the server refuses the batch. */
  private async fetchSources(client: ImapFlow, batch: number[]): Promise<Map<number, Buffer>> {
    const sources = new Map<number, Buffer>();
    try {
      for (const message of await client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source);
      }
      return sources;
    } catch (error) {
      if (!client.usable) throw error;
      this.deps.logger.warn({ err: error, uids: batch }, 'the server refused a batch fetch; fetching the messages one by one');
    }
    for (const uid of batch) {
      try {
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (message && message.source) sources.set(uid, message.source);
      } catch (error) {
        if (!client.usable) throw error;
        this.deps.logger.warn({ err: error, uid }, 'the server refused to give this message');
      }
    }
    return sources;
  }

  /** Counts a failed fetch; true when the message is now left behind (after the last attempt). */
  private leaveBehind(uid: number, reason: string): boolean {
    const attempts = (this.attempts.get(uid) ?? 0) + 1;
    this.attempts.set(uid, attempts);
    imapMetrics.messages.inc({ mailbox: this.deps.settings.address, outcome: 'error' });
    if (attempts < MAX_ATTEMPTS) {
      this.deps.logger.warn({ uid, attempt: attempts, reason }, 'message could not be taken; it is tried again at the next pass');
      return false;
    }
    this.deps.logger.error(
      { uid, attempts, reason, folder: this.deps.settings.folder },
      'message left behind after repeated failures so the mailbox keeps flowing; it stays on the server (import it by hand once the cause is fixed)',
    );
    this.attempts.delete(uid);
    return true;
  }

  /** Moves or flags accepted messages; a refusal is logged (the messages are safely accepted). */
  private async markProcessed(client: ImapFlow, uids: number[]): Promise<void> {
    if (uids.length === 0) return;
    const { processed } = this.deps.settings;
    try {
      if (processed.action === 'move') await client.messageMove(uids.join(','), processed.folder, { uid: true });
      else await client.messageFlagsAdd(uids.join(','), [processed.flag], { uid: true });
    } catch (error) {
      if (!client.usable) throw error;
      this.deps.logger.error(
        { err: error, uids, processed },
        `accepted messages could not be ${processed.action === 'move' ? 'moved' : 'flagged'}; they stay where they are and are not read again`,
      );
    }
  }
}
