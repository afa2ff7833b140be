import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { InProcessBus } from '@orgo/messaging';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type ServiceContext, ServiceRuntime, serviceDataSourceOptions } from '@orgo/runtime';
import { blindIndex, isSealed } from '@orgo/security';
import { describeHits, scanRawDatabases } from '@orgo/testing';

import { ParserSchema1732406400002 } from '../migrations/1732406400002-parser-schema';
import { ParserQuarantineReplay1732665600000 } from '../migrations/1732665600000-parser-quarantine-replay';
import { PARSER_STORAGE } from '../parser.module';
import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { ParserHarness, postgresSchema } from '../parsing/parser-test-harness';
import { QuarantineService } from '../quarantine/quarantine.service';
import { QuarantinedEmailEntity } from '../quarantine/quarantined-email.entity';
import { PlaintextSealingJob } from './plaintext-sealing.job';

const SENDER = 'maria.lopez@example.org';
const RAW = Buffer.from(`From: Maria Lopez <${SENDER}>\r\nTo: maintenance@northside.example\r\nSubject: Lopez family\r\n\r\nCall +1 555 010 4477\r\n`).toString('base64');
const PARSED = JSON.stringify({ emailId: 'old-parsed', mailbox: 'maintenance@northside.example', from: { address: SENDER, name: 'Maria Lopez' }, subject: 'Lopez family' });
const DATABASES: [string, () => DatabaseOptions][] = [
  ['SQLite', () => ({ type: 'sqlite', path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-parser-legacy-')), 'parser.sqlite') })],
  ['PostgreSQL', () => postgresSchema('parser_legacy')],
];

/**
 * A parser database written before identities were sealed: the migration turns its columns into the
 * new ones (plaintext sender of parsed emails gone, blind index columns, pseudonymous senders), and
 * the start-up job seals what was in clear — once; the rate limit and the quarantine read it after.
 */
describe.each(DATABASES)('rows written before sealing (%s)', (_database, database) => {
  const options = database();
  let harness: ParserHarness;

  const table = (name: string) => (options.type === 'postgres' ? `"${options.schema}".${name}` : name);

  beforeAll(async () => {
    const old = await openServiceDatabase(
      serviceDataSourceOptions('parser', options, { entities: [], migrations: [ParserSchema1732406400002, ParserQuarantineReplay1732665600000] }),
    );
    await old.query(
      `INSERT INTO ${table('parsed_emails')} (email_id, organization, mailbox, sender, received_at, parsed, parsed_at) VALUES ('old-parsed', 'northside', 'maintenance@northside.example', '${SENDER}', '2026-11-23T09:00:00.000Z', $1, '2026-11-23T09:00:01.000Z')`.replace(
        '$1',
        `'${PARSED.replace(/'/g, "''")}'`,
      ),
    );
    await old.query(
      `INSERT INTO ${table('quarantined_emails')} (email_id, organization, mailbox, message_id, sender, subject, reason, message, quarantined_at, raw_base64, received_at, size, attempts)
       VALUES ('old-held', 'northside', 'maintenance@northside.example', NULL, '${SENDER}', 'Lopez family', 'EMAIL.RATE_LIMITED', '${SENDER} sent more than 1 messages', '2026-11-23T09:01:01.000Z', '${RAW}', '2026-11-23T09:01:00.000Z', 120, 0)`,
    );
    await old.destroy();
    // The same database opened by the new code: migrated at start.
    harness = await ParserHarness.open({ rateLimit: { messages: 1, windowMs: 60 * 60_000 } }, options);
  });

  afterAll(() => harness?.close());

  it('seals every value in clear at start, fills in the blind indexes, and changes nothing when run again', async () => {
    const job = new PlaintextSealingJob(new TransactionRunner(harness.dataSource), harness.keys, harness.logger);
    expect(await job.sealAll()).toEqual({ parsed: 1, quarantined: 1 });
    expect(await job.sealAll()).toEqual({ parsed: 0, quarantined: 0 });

    const parsed = await harness.tx.read((m) => m.findOneByOrFail(ParsedEmailEntity, { emailId: 'old-parsed' }));
    expect(isSealed(parsed.parsed)).toBe(true);
    expect(JSON.parse(harness.unsealed(parsed.parsed) ?? '')).toMatchObject({ from: { address: SENDER } });
    expect(parsed.senderIndex).toBe(blindIndex(harness.keys, 'northside', SENDER));
    const held = await harness.tx.read((m) => m.findOneByOrFail(QuarantinedEmailEntity, { emailId: 'old-held' }));
    // Values kept through the migration (a column altered in place, not dropped), then sealed.
    expect([held.sender, held.subject, held.message, held.rawBase64].map((c) => (isSealed(c) ? 'sealed' : c))).toEqual(['sealed', 'sealed', 'sealed', 'sealed']);
    expect(held.senderIndex).toBe(blindIndex(harness.keys, 'northside', SENDER));

    const target = options.type === 'postgres' ? { postgres: { url: options.url ?? '', schemas: [options.schema ?? ''] } } : { sqlite: [options.path] };
    expect(describeHits(await scanRawDatabases(target, [SENDER, 'Maria', 'Lopez', { phone: '+1 555 010 4477' }]))).toBe('');
  });

  it('counts the old mail in the rate limit and lists it in clear', async () => {
    const next = Buffer.from(Buffer.from(RAW, 'base64').toString().replace('Lopez family', 'Again'));
    expect((await harness.receive(next, 'new-1', { receivedAt: '2026-11-23T09:30:00.000Z' })).outcome).toBe('quarantined');
    const context = { service: 'parser', config: harness.config, logger: harness.logger } as ServiceContext;
    const quarantine = new QuarantineService(harness.tx, harness.intake, new ServiceRuntime(context, new InProcessBus(), harness.tx), context, harness.keys, () => new Date(), harness.logger);
    const listed = await quarantine.list({ limit: 50, offset: 0, scope: null, viewer: { email: 'admin@northside.example', admin: true }, sender: SENDER });
    expect(listed.ok && listed.value.items.map((i) => [i.id, i.sender, i.subject])).toEqual([
      ['new-1', SENDER, 'Again'],
      ['old-held', SENDER, 'Lopez family'],
    ]);
  });

  it('declares every sealed column for key rotation', () => {
    expect(PARSER_STORAGE.sealed).toEqual([
      { table: 'parsed_emails', primaryKey: ['email_id'], columns: ['parsed'] },
      { table: 'quarantined_emails', primaryKey: ['email_id'], columns: ['sender', 'subject', 'message', 'raw_base64'] },
      { table: 'attachment_contents', primaryKey: ['sha256'], columns: ['content_base64'] },
    ]);
  });
});
