import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ImapMailboxSettings, emailSecretEnvName, resolveEmailSecret } from '@orgo/config';
import { CLOCK, type Clock, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import { RawMessageService } from '../raw-messages/raw-message.service';
import { createImapClient } from './imap-client.factory';
import { MailboxCursorRepository } from './mailbox-cursor.repository';
import { MailboxSync } from './mailbox-sync';
import { type MailboxHealth, MailboxWatcher } from './mailbox-watcher';

/** Cursor key of a folder: the same address may be read on two servers or from two folders. */
export function cursorKey(settings: ImapMailboxSettings): string {
  return `${settings.address} ${settings.host} ${settings.folder}`;
}

/**
 * The IMAP intake (SPEC §2): one watcher, one connection, per configured mailbox
 * (`services/email/*.yaml`, `imap.mailboxes`), when `imap.enabled` is true. Every message goes
 * through RawMessageService.accept, like every other intake.
 */
@Injectable()
export class ImapIntake implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly watchers: MailboxWatcher[] = [];

  constructor(
    private readonly messages: RawMessageService,
    private readonly cursors: MailboxCursorRepository,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.context.config.email.imap.enabled;
  }

  onApplicationBootstrap(): void {
    const { imap } = this.context.config.email;
    if (!imap.enabled) return;
    for (const settings of imap.mailboxes) {
      const logger = this.context.logger.child({ mailbox: settings.address, intake: 'imap' });
      const secret = resolveEmailSecret(settings.auth.secret, this.context.config.security, this.context.env) ?? '';
      const key = cursorKey(settings);
      const sync = new MailboxSync({
        settings,
        key,
        logger,
        accept: (raw, mailbox) => this.messages.accept(raw, mailbox, 'imap', { organization: settings.organization }),
        loadCursor: (k) => this.cursors.load(k),
        saveCursor: (k, cursor) => this.cursors.save(k, settings.address, cursor),
        stopped: () => this.stopping,
      });
      const watcher = new MailboxWatcher({
        settings,
        reconnect: imap.reconnect,
        logger,
        createClient: () => createImapClient(settings, secret, logger),
        sync,
        secretEnv: emailSecretEnvName(settings.auth.secret),
        now: this.clock,
      });
      this.watchers.push(watcher);
      watcher.start();
    }
    this.context.logger.info({ mailboxes: imap.mailboxes.map((m) => m.address) }, 'IMAP intake started');
  }

  private stopping = false;

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.watchers.map((w) => w.stop()));
  }

  /** Each mailbox's state, for /health/ready. */
  status(): MailboxHealth[] {
    return this.watchers.map((w) => w.status());
  }
}
