import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@orgo/config';
import { InProcessBus, OutboxMessageEntity } from '@orgo/messaging';
import type { DatabaseOptions } from '@orgo/persistence';
import { NestPinoLogger, type ServiceContext, startService } from '@orgo/runtime';
import { TestDovecot, corpusReports, riversideWithEmail, waitFor } from '@orgo/testing';
import pino from 'pino';
import { DataSource } from 'typeorm';

import { RawMessageEntity } from '../raw-messages/raw-message.entity';
import { service } from '../service';
import { imapMetrics } from './imap-metrics';
import { MailboxCursorEntity } from './mailbox-cursor.entity';

const DESK = { user: 'hello@riverside.example', password: 'desk-Secret-3' };
const FOLDER = 'Intake';
const DATABASES: [string, (home: string) => DatabaseOptions][] = [
  ['SQLite', (home) => ({ type: 'sqlite', path: path.join(home, 'email-gateway.sqlite') })],
  [
    'PostgreSQL',
    () => ({
      type: 'postgres',
      url: process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      schema: `email_gateway_imap_${process.pid}_${Date.now().toString(36)}`,
    }),
  ],
];

/**
 * The email-gateway alone, booted as in production, reading a folder of a real Dovecot into its
 * own database (SQLite and PostgreSQL): the cursor survives a restart, and a folder recreated on
 * the server (new UIDVALIDITY) is read again from the start without taking anything twice; each
 * finished pass moves `orgo_imap_last_sync_timestamp_seconds`.
 */
describe.each(DATABASES)('IMAP intake on %s', (_name, databaseFor) => {
  let dovecot: TestDovecot;
  let app: INestApplicationContext | undefined;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-imap-int-'));
  const database = databaseFor(home);
  const corpus = corpusReports().slice(0, 4);

  const boot = async () => {
    const dir = riversideWithEmail(
      {
        imap: {
          enabled: true,
          reconnect: { initial_delay: '200ms', max_delay: '1s' },
          mailboxes: [
            {
              address: DESK.user,
              host: dovecot.host,
              port: dovecot.port,
              tls: 'starttls',
              tls_ca_file: dovecot.caFile,
              auth: { user: DESK.user, secret: 'desk_imap' },
              folder: FOLDER,
              processed: { action: 'flag', flag: '$OrgoProcessed' },
              poll_interval: '1s',
            },
          ],
        },
      },
      { desk_imap: DESK.password },
    );
    const config = loadConfig(dir);
    const logger = pino({ level: 'warn' });
    const context: ServiceContext = {
      service: 'email-gateway',
      shape: 'standalone',
      config,
      home,
      database,
      bus: new InProcessBus(),
      logger,
      clock: () => new Date(),
      retryDelaysMs: [100],
      env: {},
    };
    app = await startService(service, context, new NestPinoLogger(logger));
    return app.get(DataSource);
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  const stored = (db: DataSource) =>
    db.getRepository(RawMessageEntity).find({ order: { receivedAt: 'ASC' } });
  const emitted = async (db: DataSource) =>
    (await db.getRepository(OutboxMessageEntity).find()).filter((o) => o.routingKey === 'email.received')
      .length;

  beforeAll(async () => {
    dovecot = await TestDovecot.start([DESK]);
    const client = await dovecot.client(DESK);
    await client.mailboxCreate(FOLDER);
    await client.logout();
  });

  afterAll(async () => {
    await stop();
    await dovecot?.destroy();
  });

  it('keeps its place across a restart and reads a recreated folder again without taking anything twice', async () => {
    await dovecot.append(
      DESK,
      corpus.slice(0, 3).map((m) => m.raw),
      FOLDER,
    );
    let db = await boot();
    await waitFor(
      () => stored(db),
      (rows) => rows.length === 3,
      'three messages stored',
    );
    const cursor = await waitFor(
      () => db.getRepository(MailboxCursorEntity).findOneBy({ mailbox: DESK.user }),
      (c) => c?.lastUid === 3,
      'the cursor after the third message',
    );
    expect((await stored(db)).map((r) => [r.source, r.organization, r.messageId])).toEqual(
      corpus.slice(0, 3).map((m) => ['imap', 'riverside', m.messageId]),
    );
    await stop();

    // The folder is deleted and made again on the server: same mail, new UIDVALIDITY, plus one more.
    const client = await dovecot.client(DESK);
    await client.mailboxDelete(FOLDER);
    await client.mailboxCreate(FOLDER);
    await client.logout();
    await dovecot.append(
      DESK,
      corpus.map((m) => m.raw),
      FOLDER,
    );

    db = await boot();
    const after = await waitFor(
      () => db.getRepository(MailboxCursorEntity).findOneBy({ mailbox: DESK.user }),
      (c) => c !== null && c.uidValidity !== cursor!.uidValidity && c.lastUid === 4,
      'the cursor of the recreated folder',
    );
    expect(after!.key).toBe(cursor!.key);
    expect((await stored(db)).map((r) => r.messageId)).toEqual(corpus.map((m) => m.messageId));
    expect(await emitted(db)).toBe(4);
    const folder = await dovecot.folder(DESK, FOLDER);
    expect(folder.flags.every((f) => f.includes('$OrgoProcessed'))).toBe(true);
    await stop();
  });

  it('sets the last-sync timestamp after each finished pass over the folder, also when nothing is new', async () => {
    const gauge = async (metric: typeof imapMetrics.lastSync | typeof imapMetrics.connected) =>
      (await metric.get()).values.find((v) => v.labels.mailbox === DESK.user)?.value;
    const bootedAt = Date.now() / 1000;
    await boot();
    const first = await waitFor(
      () => gauge(imapMetrics.lastSync),
      (at) => at !== undefined && at >= bootedAt,
      'a last sync after the boot',
    );
    expect(await gauge(imapMetrics.connected)).toBe(1);
    expect(first!).toBeLessThanOrEqual(Date.now() / 1000);
    // The poll (every second here) is a pass too: the timestamp keeps up while the folder is quiet.
    await waitFor(
      () => gauge(imapMetrics.lastSync),
      (at) => at !== undefined && at > first!,
      'a later pass',
    );
    await stop();
  });
});
