import type { ImapMailboxSettings } from '@orgo/config';
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';

import { type ImapFailure, describeImapFailure } from './imap-failure';
import { imapMetrics } from './imap-metrics';
import type { MailboxSync } from './mailbox-sync';
import { ReconnectBackoff } from './reconnect-backoff';

export type MailboxState = 'connecting' | 'connected' | 'reconnecting' | 'auth_failed' | 'stopped';

/** What /health/ready says about one mailbox. */
export interface MailboxHealth {
  mailbox: string;
  host: string;
  folder: string;
  state: MailboxState;
  /** Since when the mailbox is in this state (ISO time). */
  since: string;
  /** How new mail is noticed while connected. */
  mode?: 'idle' | 'poll';
  lastSyncAt?: string;
  error?: ImapFailure;
  /** When the next connection attempt is made, while reconnecting. */
  retryAt?: string;
}

export interface MailboxWatcherDeps {
  settings: ImapMailboxSettings;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  logger: Logger;
  /** A new, unconnected client for this mailbox (one per connection attempt). */
  createClient(): ImapFlow;
  sync: MailboxSync;
  /** Environment variable that holds the secret, named in the advice of an auth failure. */
  secretEnv: string;
  now(): Date;
}

/**
 * Keeps one IMAP folder read: connects, selects the folder, creates the processed folder when mail
 * is moved there, reads everything new, then waits for the server's IDLE news of new mail (or polls
 * when IDLE is off or unsupported), with a poll as a safety net either way. A lost connection is
 * reopened with growing, capped delays; a refused login is retried at the longest delay and shown
 * as `auth_failed` with the server's words and what to do. Passes never overlap: one loop per
 * mailbox does everything in turn.
 */
export class MailboxWatcher {
  private health: MailboxHealth;
  private readonly backoff: ReconnectBackoff;
  private client?: ImapFlow;
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = false;

  constructor(private readonly deps: MailboxWatcherDeps) {
    const { settings } = deps;
    this.backoff = new ReconnectBackoff(deps.reconnect.initialDelayMs, deps.reconnect.maxDelayMs);
    this.health = {
      mailbox: settings.address,
      host: `${settings.host}:${settings.port}`,
      folder: settings.folder,
      state: 'connecting',
      since: deps.now().toISOString(),
    };
    imapMetrics.connected.set({ mailbox: settings.address }, 0);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    this.client?.close();
    await this.loop;
    this.setState('stopped');
  }

  status(): MailboxHealth {
    return { ...this.health };
  }

  private async run(): Promise<void> {
    const { settings, logger } = this.deps;
    while (!this.stopped) {
      const client = this.deps.createClient();
      this.client = client;
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.on('error', (error) => logger.debug({ err: error }, 'IMAP connection error'));
      client.on('exists', () => this.notify());
      let failure: ImapFailure | undefined;
      try {
        await client.connect();
        await client.mailboxOpen(settings.folder);
        if (settings.processed.action === 'move') await client.mailboxCreate(settings.processed.folder);
        const mode = settings.idle && client.capabilities.has('IDLE') ? 'idle' : 'poll';
        this.backoff.reset();
        this.setState('connected', { mode });
        logger.info({ host: this.health.host, folder: settings.folder, mode }, 'IMAP mailbox connected');
        while (!this.stopped && client.usable) {
          this.pending = false;
          await this.deps.sync.run(client);
          const syncedAt = this.deps.now();
          this.health.lastSyncAt = syncedAt.toISOString();
          // "Connected but not fetching" shows as this timestamp falling behind (alert OrgoMailboxNotFetching).
          imapMetrics.lastSync.set({ mailbox: settings.address }, syncedAt.getTime() / 1000);
          if (this.stopped || !client.usable) break;
          const woken = this.waitForWork(closed, settings.pollIntervalMs);
          // IDLE runs until the next command (the next pass) breaks it.
          if (mode === 'idle' && !this.pending) void client.idle().catch(() => undefined);
          await woken;
        }
        if (!this.stopped)
          failure = {
            kind: 'connection_failed',
            message: client.byeReason ?? 'the server closed the connection',
            action: 'none: Orgo reconnects by itself',
          };
      } catch (error) {
        if (!this.stopped)
          failure = describeImapFailure(error, {
            host: settings.host,
            port: settings.port,
            user: settings.auth.user,
            secretEnv: this.deps.secretEnv,
          });
      } finally {
        client.close();
        imapMetrics.connected.set({ mailbox: settings.address }, 0);
      }
      if (this.stopped || !failure) break;
      imapMetrics.reconnects.inc({ mailbox: settings.address, reason: failure.kind });
      const delay = failure.kind === 'auth_failed' ? this.backoff.longest() : this.backoff.next();
      const retryAt = new Date(this.deps.now().getTime() + delay).toISOString();
      this.setState(failure.kind === 'auth_failed' ? 'auth_failed' : 'reconnecting', {
        error: failure,
        retryAt,
      });
      const fields = {
        host: this.health.host,
        folder: settings.folder,
        error: failure.message,
        action: failure.action,
        retryInMs: delay,
      };
      if (failure.kind === 'connection_failed') logger.warn(fields, 'IMAP mailbox unreachable; reconnecting');
      else
        logger.error(
          fields,
          failure.kind === 'auth_failed'
            ? 'IMAP login refused: the mailbox is not read'
            : 'IMAP TLS failed: the mailbox is not read',
        );
      await this.sleep(delay);
    }
  }

  /** Resolves on news of mail, after the poll interval, or when the connection closes. */
  private waitForWork(closed: Promise<void>, pollMs: number): Promise<void> {
    return this.pending ? Promise.resolve() : this.sleep(pollMs, closed);
  }

  /** Resolves after `ms`, or earlier when woken (news of mail, stop) or when `until` settles. */
  private sleep(ms: number, until?: Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
      void until?.then(done);
    }).finally(() => (this.wake = undefined));
  }

  private notify(): void {
    this.pending = true;
    this.wake?.();
  }

  private setState(state: MailboxState, extra: Partial<MailboxHealth> = {}): void {
    const { mailbox, host, folder, lastSyncAt } = this.health;
    this.health = {
      mailbox,
      host,
      folder,
      state,
      since: this.deps.now().toISOString(),
      ...(lastSyncAt ? { lastSyncAt } : {}),
      ...extra,
    };
    imapMetrics.connected.set({ mailbox }, state === 'connected' ? 1 : 0);
  }
}
