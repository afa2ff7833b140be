import { Counter, Gauge } from 'prom-client';

/** Prometheus series of the IMAP intake, one set per mailbox (role address and folder). */
export const imapMetrics = {
  messages: new Counter({
    name: 'orgo_imap_messages_total',
    help: 'Messages read from IMAP mailboxes, by mailbox and outcome (fetched, accepted, duplicate, error)',
    labelNames: ['mailbox', 'outcome'] as const,
  }),
  connected: new Gauge({
    name: 'orgo_imap_mailbox_connected',
    help: '1 while the mailbox has a working IMAP connection, 0 otherwise',
    labelNames: ['mailbox'] as const,
  }),
  reconnects: new Counter({
    name: 'orgo_imap_reconnects_total',
    help: 'Connection attempts that failed or connections that dropped, by mailbox and reason',
    labelNames: ['mailbox', 'reason'] as const,
  }),
  lastSync: new Gauge({
    name: 'orgo_imap_last_sync_timestamp_seconds',
    help: 'Unix time at which the last pass over the mailbox folder (search, fetch, accept) finished without error',
    labelNames: ['mailbox'] as const,
    aggregator: 'max',
  }),
};
