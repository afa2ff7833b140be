import { EventEmitter } from 'node:events';

import type { ImapMailboxSettings } from '@orgo/config';
import type { ImapFlow } from 'imapflow';
import pino from 'pino';

import { imapMetrics } from './imap-metrics';
import type { MailboxSync } from './mailbox-sync';
import { MailboxWatcher } from './mailbox-watcher';

const settings: ImapMailboxSettings = {
  address: 'watcher-spec@riverside.example',
  organization: 'riverside',
  host: '127.0.0.1',
  port: 1143,
  tls: 'none',
  tlsCaFile: null,
  auth: { user: 'watcher-spec@riverside.example', method: 'password', secret: 'desk' },
  folder: 'INBOX',
  processed: { action: 'flag', flag: '$OrgoProcessed' },
  pollIntervalMs: 5,
  idle: false,
};

/** An IMAP client that connects and stays usable until closed: enough for the watcher's loop. */
class FakeClient extends EventEmitter {
  usable = true;
  capabilities = new Map<string, boolean>();
  async connect(): Promise<void> {}
  async mailboxOpen(): Promise<void> {}
  close(): void {
    if (!this.usable) return;
    this.usable = false;
    this.emit('close');
  }
}

const lastSync = async () =>
  (await imapMetrics.lastSync.get()).values.find((v) => v.labels.mailbox === settings.address)?.value;

describe('MailboxWatcher: orgo_imap_last_sync_timestamp_seconds', () => {
  it('is set to the time each pass finished, and left alone by a pass that failed', async () => {
    let now = new Date('2026-12-01T10:00:00.000Z');
    const passes: (() => Promise<number>)[] = [
      async () => 2,
      async () => {
        throw new Error('the connection broke in the middle of the pass');
      },
    ];
    let ran = 0;
    const sync = {
      run: async () => {
        const pass = passes[ran++] ?? (() => new Promise<number>(() => undefined));
        return pass();
      },
    } as unknown as MailboxSync;
    const watcher = new MailboxWatcher({
      settings,
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      logger: pino({ level: 'silent' }),
      createClient: () => new FakeClient() as unknown as ImapFlow,
      sync,
      secretEnv: 'ORGO_EMAIL_SECRET_DESK',
      now: () => now,
    });
    expect(await lastSync()).toBeUndefined();
    watcher.start();
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => ran >= 1);
    await until(() => watcher.status().lastSyncAt !== undefined);
    expect(await lastSync()).toBe(Date.parse('2026-12-01T10:00:00.000Z') / 1000);

    now = new Date('2026-12-01T10:05:00.000Z');
    await until(() => watcher.status().state === 'reconnecting');
    // The failed pass moved nothing: an alert sees the mailbox falling behind.
    expect(await lastSync()).toBe(Date.parse('2026-12-01T10:00:00.000Z') / 1000);
    await watcher.stop();
  });
});
