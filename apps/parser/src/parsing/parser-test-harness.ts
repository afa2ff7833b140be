import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_PARSER_SETTINGS, type OrgoConfig, type ParserSettings, loadConfig } from '@orgo/config';
import { type EmailReceivedV1, createEnvelope } from '@orgo/contracts';
import { MimeParser, mimeParserFor } from '@orgo/mail-parsing';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type ServiceContext, serviceDataSourceOptions } from '@orgo/runtime';
import { KeyRing, bindKeyRing } from '@orgo/security';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { PARSER_STORAGE } from '../parser.module';
import { opened } from '../privacy/sealed-value';
import { QuarantinedEmailEntity } from '../quarantine/quarantined-email.entity';
import { EmailIntakeService } from './email-intake.service';
import { ParsedEmailEntity } from './parsed-email.entity';
import { ParserService } from './parser.service';

export const WORKSPACE = path.resolve(__dirname, '../../../..');
/** The shared mail corpus (real mail of other projects; see its CATALOG.md). */
export const CORPUS_EML = process.env.ORGO_TEST_CORPUS ?? path.resolve(WORKSPACE, '../shared/corpus/eml');

/** Every message file of a corpus folder, sorted (the catalog excluded). */
export function corpusFiles(dir = CORPUS_EML): string[] {
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  return walk(dir)
    .filter((f) => !/\.md$/i.test(f))
    .sort();
}

/** A PostgreSQL schema of its own for one test (dropped at close). */
export function postgresSchema(name: string): DatabaseOptions {
  const url = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  return { type: 'postgres', url, schema: `${name}_${process.pid}_${Date.now().toString(36)}` };
}

/** A key ring of fresh random keys, for one test. */
export function testKeyRing(): KeyRing {
  return new KeyRing([{ id: 'test-1', key: randomBytes(32) }], randomBytes(32), [{ id: 'audit-1', key: randomBytes(32) }]);
}

/** The key ring every harness of a test process shares (one database's values open with another's). */
const HARNESS_KEYS = testKeyRing();

export type Outcome = { outcome: 'parsed'; email: ParsedEmailEntity } | { outcome: 'quarantined'; row: QuarantinedEmailEntity };

/**
 * The parser's real parts for a parser-level test: mailparser in its worker pool, the intake rules,
 * ParserService, and the parser's own database (SQLite file, or a PostgreSQL schema) migrated as in
 * production, with a key ring of its own (`keys`). Messages go through `handleReceived` in a
 * transaction each, as the bus delivers them.
 */
export class ParserHarness {
  readonly config: OrgoConfig;
  readonly logger: Logger;
  readonly mime: MimeParser;
  readonly intake: EmailIntakeService;
  readonly parser: ParserService;
  readonly logLines: string[] = [];
  readonly keys = HARNESS_KEYS;
  private constructor(
    readonly dataSource: DataSource,
    readonly tx: TransactionRunner,
    readonly settings: ParserSettings,
    readonly dir: string,
    readonly database: DatabaseOptions,
  ) {
    this.config = loadConfig(path.join(WORKSPACE, 'config'));
    this.logger = pino({ level: 'debug' }, { write: (line: string) => void this.logLines.push(line) });
    this.mime = mimeParserFor(settings);
    this.intake = new EmailIntakeService(this.mime, settings, { config: this.config } as ServiceContext, this.keys, this.logger);
    this.parser = new ParserService(this.intake, () => new Date(), this.keys, this.logger);
    bindKeyRing(dataSource, this.keys);
  }

  static async open(settings: Partial<ParserSettings> = {}, database?: DatabaseOptions): Promise<ParserHarness> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-parser-'));
    const db = database ?? { type: 'sqlite' as const, path: path.join(dir, 'parser.sqlite') };
    const dataSource = await openServiceDatabase(serviceDataSourceOptions('parser', db, PARSER_STORAGE));
    return new ParserHarness(dataSource, new TransactionRunner(dataSource), { ...DEFAULT_PARSER_SETTINGS, ...settings }, dir, db);
  }

  /** The first role address of the example organization. */
  get mailbox(): string {
    return this.config.organizations[0].roles[0].addresses[0];
  }

  get organization(): string {
    return this.config.organizations[0].slug;
  }

  /** A sealed column in clear. */
  unsealed(value: string | null): string | null {
    return opened(this.keys, value);
  }

  /** Delivers one raw message as `email.received` (to the first role address unless told) and returns what became of it. */
  async receive(
    raw: Buffer,
    emailId: string,
    options: { receivedAt?: string; organization?: string | null; source?: EmailReceivedV1['source']; mailbox?: string } = {},
  ): Promise<Outcome> {
    const payload: EmailReceivedV1 = {
      emailId,
      mailbox: options.mailbox ?? this.mailbox,
      messageId: null,
      source: options.source ?? 'drop_folder',
      rawBase64: raw.toString('base64'),
      receivedAt: options.receivedAt ?? new Date().toISOString(),
    };
    const organization = options.organization === undefined ? this.organization : options.organization;
    const envelope = createEnvelope('email.received', payload, { producer: 'email-gateway', organizationId: organization });
    await this.tx.run((m) => this.parser.handleReceived(envelope, m));
    return this.outcome(emailId);
  }

  async outcome(emailId: string): Promise<Outcome> {
    const email = await this.tx.read((m) => m.findOne(ParsedEmailEntity, { where: { emailId } }));
    if (email) return { outcome: 'parsed', email };
    const row = await this.tx.read((m) => m.findOne(QuarantinedEmailEntity, { where: { emailId } }));
    if (row) return { outcome: 'quarantined', row };
    throw new Error(`email ${emailId} ended nowhere: neither parsed nor quarantined`);
  }

  async close(): Promise<void> {
    await this.mime.close();
    if (this.database.type === 'postgres') await this.dataSource.query(`DROP SCHEMA IF EXISTS "${this.database.schema}" CASCADE`);
    await this.dataSource.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Counts outcomes by `parsed` / `quarantined <reason>`, printable as a table. */
export class OutcomeTally {
  readonly counts = new Map<string, number>();

  add(outcome: Outcome): void {
    const key = outcome.outcome === 'parsed' ? 'parsed' : `quarantined ${outcome.row.reason}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  format(title: string): string {
    const rows = [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
    return [`${title}: ${this.total} messages`, ...rows.map(([k, n]) => `  ${String(n).padStart(5)}  ${k}`)].join('\n');
  }
}
