import fs from 'node:fs';

import type { ImapMailboxSettings } from '@orgo/config';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { Logger } from 'pino';

/**
 * The options of one IMAP connection: implicit TLS, required STARTTLS or none; password or XOAUTH2
 * access token (the secret is handed over here and never logged); IDLE driven by the watcher
 * (auto-IDLE off). The library's own log goes to the service's logger at warning level.
 */
export function imapClientOptions(settings: ImapMailboxSettings, secret: string, logger: Logger): ImapFlowOptions {
  const ca = settings.tlsCaFile ? fs.readFileSync(settings.tlsCaFile) : undefined;
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    doSTARTTLS: settings.tls === 'starttls' ? true : settings.tls === 'none' ? false : undefined,
    tls: ca ? { ca } : {},
    auth: settings.auth.method === 'xoauth2' ? { user: settings.auth.user, accessToken: secret } : { user: settings.auth.user, pass: secret },
    clientInfo: { name: 'Orgo' },
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    socketTimeout: 10 * 60_000,
    logger: logger.child({ component: 'imapflow' }, { level: 'warn' }),
  };
}

export function createImapClient(settings: ImapMailboxSettings, secret: string, logger: Logger): ImapFlow {
  return new ImapFlow(imapClientOptions(settings, secret, logger));
}
