import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '@orgo/config';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type ServiceContext, serviceDataSourceOptions } from '@orgo/runtime';
import { KeyRing, bindKeyRing, isSealed } from '@orgo/security';
import { describeHits, scanRawDatabases } from '@orgo/testing';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import { EMAIL_GATEWAY_STORAGE } from '../email-gateway.module';
import { RawMessageEntity } from './raw-message.entity';
import { RawMessageService } from './raw-message.service';
import { RawMessageSealingJob } from './raw-message-sealing.job';

const WORKSPACE = path.resolve(__dirname, '../../../..');
const SENDER = 'maria.lopez@example.org';
const RAW = Buffer.from(`From: Maria Lopez <${SENDER}>\r\nTo: maintenance@northside.example\r\nSubject: Staff room\r\nMessage-ID: <r1@mail.example>\r\n\r\nCall me: 555-010-4477\r\n`);
const NEEDLES = [SENDER, 'Maria', 'Lopez', { phone: '+1 555 010 4477' }];
const DATABASES: [string, () => DatabaseOptions][] = [
  ['SQLite', () => ({ type: 'sqlite', path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-gateway-seal-')), 'email-gateway.sqlite') })],
  ['PostgreSQL', () => ({ type: 'postgres', url: process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema: `gateway_seal_${process.pid}_${Date.now().toString(36)}` })],
];

/**
 * The raw message store keeps the bytes sealed (nobody knows yet whether the sender is a sensitive
 * reporter): accepted mail is stored sealed and read back unsealed, mail stored before in plain
 * base64 is sealed at start, once; nothing else in the gateway's tables names the sender.
 */
describe.each(DATABASES)('raw messages at rest (%s)', (_database, database) => {
  const options = database();
  const keys = new KeyRing([{ id: 'k1', key: randomBytes(32) }], randomBytes(32), [{ id: 'a1', key: randomBytes(32) }]);
  const target = () => (options.type === 'postgres' ? { postgres: { url: options.url ?? '', schemas: [options.schema ?? ''] } } : { sqlite: [options.path] });
  let db: DataSource;
  let messages: RawMessageService;

  beforeAll(async () => {
    db = await openServiceDatabase(serviceDataSourceOptions('email-gateway', options, EMAIL_GATEWAY_STORAGE));
    bindKeyRing(db, keys);
    const tx = new TransactionRunner(db);
    const context = { service: 'email-gateway', config: loadConfig(path.join(WORKSPACE, 'config')), logger: pino({ level: 'silent' }) } as ServiceContext;
    messages = new RawMessageService(tx, context, () => new Date(), keys);
  });

  afterAll(async () => {
    if (options.type === 'postgres') await db?.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
    await db?.destroy();
  });

  it('stores accepted mail sealed, reads it back byte for byte, and names the sender nowhere else', async () => {
    const accepted = await messages.accept(RAW, 'maintenance@northside.example', 'drop_folder');
    const row = await db.getRepository(RawMessageEntity).findOneByOrFail({ id: accepted.id });
    expect(isSealed(row.raw)).toBe(true);
    expect((await messages.read(accepted.id))?.equals(RAW)).toBe(true);
    expect(await messages.read('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(describeHits(await scanRawDatabases(target(), NEEDLES))).toBe('');
  });

  it('seals raw messages stored before in plain base64, once, and reads them', async () => {
    await db.getRepository(RawMessageEntity).insert({
      id: '00000000-0000-4000-8000-0000000000aa',
      mailbox: 'maintenance@northside.example',
      dedupeKey: 'old@mail.example',
      messageId: 'old@mail.example',
      source: 'imap',
      organization: 'northside',
      size: RAW.length,
      raw: RAW.toString('base64'),
      receivedAt: '2026-11-23T09:00:00.000Z',
    });
    expect(await scanRawDatabases(target(), NEEDLES)).not.toEqual([]);
    const job = new RawMessageSealingJob(new TransactionRunner(db), keys, pino({ level: 'silent' }));
    expect(await job.sealAll()).toBe(1);
    expect(await job.sealAll()).toBe(0);
    expect((await messages.read('00000000-0000-4000-8000-0000000000aa'))?.equals(RAW)).toBe(true);
    expect(describeHits(await scanRawDatabases(target(), NEEDLES))).toBe('');
    expect(EMAIL_GATEWAY_STORAGE.sealed).toEqual([{ table: 'raw_messages', primaryKey: ['id'], columns: ['raw'] }]);
  });
});
