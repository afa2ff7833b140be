import { createHash, createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@orgo/config';
import { type AuditVerifyResultV1, type Envelope, RPC, createEnvelope } from '@orgo/contracts';
import { InProcessBus } from '@orgo/messaging';
import type { DatabaseOptions } from '@orgo/persistence';
import { NestPinoLogger, type ServiceContext, type ServiceDefinition, createProcessLogger, startService } from '@orgo/runtime';
import { KeyRing, resolveKeyRing } from '@orgo/security';
import { Client } from 'pg';

import { POSTGRES_URL } from './support/distributed-process';
import { eventually } from './support/eventually';
import { ROOT, runOrgo, tempDir } from './support/standalone-process';

/** The part of better-sqlite3 (which ships no types) an attacker with write access uses here. */
interface Sqlite {
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean }) => Sqlite;

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const SENDER = 'maya.jones@members.example';

/** The audit-log alone, booted from its definition over an in-process bus, with a clock the test sets. */
class AuditLogUnderTest {
  readonly bus = new InProcessBus();
  private app?: INestApplicationContext;
  now = new Date('2020-01-01T09:00:00.000Z');

  constructor(
    readonly home: string,
    private readonly database: DatabaseOptions,
    private readonly keys?: KeyRing,
  ) {}

  async start(): Promise<void> {
    const config = loadConfig(CONFIG, { env: { ORGO_AUDIT_LOG__CHECKPOINT_EVERY: '4' } });
    const logger = createProcessLogger({ level: 'warn', file: path.join(this.home, 'logs', 'orgo.log') }).child({ service: 'audit-log' });
    const context: ServiceContext = {
      service: 'audit-log',
      shape: 'standalone',
      config,
      home: this.home,
      database: this.database,
      bus: this.bus,
      logger,
      clock: () => new Date(this.now.getTime()),
      retryDelaysMs: [50, 100],
      env: {},
      keys: this.keys,
    };
    this.app = await startService(load<{ service: ServiceDefinition }>('service').service, context, new NestPinoLogger(logger));
  }

  /**
   * Publishes as the services would, at `at`, and waits until the audit-log has appended them (the
   * bus settles a message once every bound queue took it, and the other services' never do).
   */
  async publish(at: string, envelopes: Envelope[]): Promise<void> {
    this.now = new Date(at);
    const total = async () => (await this.bus.request<{ ok: true; value: { total: number } }>(RPC.auditList, { limit: 1, offset: 0, scope: null }, 10_000)).value.total;
    const expected = (await total()) + envelopes.length;
    for (const envelope of envelopes) void this.bus.publish(envelope).catch(() => undefined);
    await eventually(total, (n) => n === expected, { what: `${expected} audit entries` });
  }

  retention(): Promise<{ deleted: Record<string, Record<string, number>>; erased: Record<string, Record<string, number>> }> {
    const type = load<Record<string, new () => unknown>>('retention/audit-retention.service').AuditRetentionService;
    return (this.app!.get(type) as { run(): Promise<never> }).run();
  }

  async verify(query: Record<string, string> = {}): Promise<AuditVerifyResultV1> {
    const result = await this.bus.request<{ ok: true; value: AuditVerifyResultV1 }>(RPC.auditVerify, query, 10_000);
    return result.value;
  }

  async stop(): Promise<void> {
    await this.bus.stopConsuming();
    await this.app?.close();
    await this.bus.close();
  }
}

/** A module of the audit-log, by path, the way the launcher loads services (no static import of an app). */
function load<T>(file: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'apps', 'audit-log', 'src', file)) as T;
}

const rejected = (organization: string | null, n: number) =>
  createEnvelope(
    'email.rejected',
    { emailId: randomUUID(), mailbox: 'hello@riverside.example', messageId: `m${n}@members.example`, reason: 'EMAIL.RATE_LIMITED', message: `${SENDER} sent more than 20 messages` },
    { producer: 'parser', organizationId: organization },
  );
const login = (n: number) => createEnvelope('security.login.failed', { attempt: n, reason: 'AUTH.BAD_PASSWORD' }, { producer: 'api-gateway', organizationId: 'riverside' });
const command = () => createEnvelope('command.task.create', { emailId: randomUUID(), mailbox: 'hello@riverside.example', messageId: null, title: 'Harassment', description: SENDER, reporter: SENDER, matchedRules: ['hr'], action: { type: 'hr' }, defaults: {}, attachments: [], receivedAt: 'x' }, { producer: 'rule-engine', organizationId: 'riverside' });

/** Fills a trail: old entries past retention, an unowned one behind a kept one, recent ones; then runs retention. */
async function fill(audit: AuditLogUnderTest): Promise<void> {
  await audit.publish('2020-01-01T09:00:00.000Z', [1, 2, 3, 4, 5, 6].map((n) => rejected('riverside', n)));
  await audit.publish('2020-01-02T09:00:00.000Z', [command(), login(1)]);
  await audit.publish('2025-01-01T09:00:00.000Z', [rejected('riverside', 7), rejected(null, 8)]);
  await audit.publish('2026-06-01T09:00:00.000Z', [9, 10, 11, 12, 13, 14, 15, 16].map((n) => rejected('riverside', n)));
  await audit.publish('2026-06-01T10:00:00.000Z', [login(2), command()]);
  audit.now = new Date('2026-06-02T00:00:00.000Z');
}

interface Verdict {
  code: number | null;
  result: AuditVerifyResultV1;
  output: string;
}

async function verify(args: string[], env: Record<string, string> = {}): Promise<Verdict> {
  const run = runOrgo(['audit', 'verify', '--config', CONFIG, '--json', ...args], env);
  const code = await run.exited;
  const line = run.output().trim().split('\n').find((l) => l.startsWith('{"ok"'));
  if (!line) throw new Error(`orgo audit verify printed no result (exit ${code}):\n${run.output()}`);
  return { code, result: JSON.parse(line), output: run.output() };
}

/** The same JSON with sorted keys the chain hashes (an attacker reads the source too). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Recomputes the email chain from `fromSeq` on without the key: `sign` gives each entry's new hash. */
function recompute(db: Sqlite, fromSeq: number, sign: (fields: Record<string, unknown>, keyId: string | null) => string): void {
  const rows = db.prepare("SELECT * FROM audit_entries WHERE category = 'email' AND seq >= ? ORDER BY seq").all(fromSeq) as Record<string, unknown>[];
  let prev = (db.prepare("SELECT hash FROM audit_entries WHERE category = 'email' AND seq = ?").get(fromSeq - 1) as { hash: string }).hash;
  for (const r of rows) {
    const fields = {
      id: r.id, category: r.category, seq: r.seq, at: r.at, organization: r.organization, action: r.action, actor: r.actor, messageId: r.message_id,
      taskId: r.task_id, emailId: r.email_id, label: r.label, details: JSON.parse(r.details as string), prevHash: prev,
    };
    const hash = sign(fields, r.key_id as string | null);
    db.prepare("UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE category = 'email' AND seq = ?").run(prev, hash, r.seq);
    prev = hash;
  }
}

const TAMPERING: [string, (db: Sqlite) => void, Partial<NonNullable<AuditVerifyResultV1['broken']>>][] = [
  ['edits a row’s details', (db) => db.prepare("UPDATE audit_entries SET details = '{\"reason\":\"EMAIL.TOO_LARGE\"}' WHERE category = 'email' AND seq = 10").run(), { what: 'edited', seq: 10 }],
  ['deletes a middle row', (db) => db.prepare("DELETE FROM audit_entries WHERE category = 'email' AND seq = 11").run(), { what: 'deleted', seq: 11 }],
  [
    'inserts a forged row (the rows after it renumbered)',
    (db) => {
      db.prepare("UPDATE audit_entries SET seq = seq + 1000 WHERE category = 'email' AND seq >= 12").run();
      db.prepare("UPDATE audit_entries SET seq = seq - 999 WHERE category = 'email' AND seq >= 1000").run();
      const before = db.prepare("SELECT * FROM audit_entries WHERE category = 'email' AND seq = 11").get() as Record<string, unknown>;
      db.prepare('INSERT INTO audit_entries (id, category, seq, at, organization, action, actor, message_id, correlation_id, task_id, email_id, label, details, prev_hash, hash, key_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)').run(
        'forged-entry', 'email', 12, before.at, 'riverside', 'email.rejected', 'parser', 'forged', 'forged', null, null, null, '{"reason":"EMAIL.BLOCKED_SENDER"}', before.hash, 'f'.repeat(64), 'a1',
      );
    },
    { what: 'inserted', seq: 12, id: 'forged-entry' },
  ],
  [
    'reorders two rows (swaps their seq)',
    (db) => {
      db.prepare("UPDATE audit_entries SET seq = -1 WHERE category = 'email' AND seq = 12").run();
      db.prepare("UPDATE audit_entries SET seq = 12 WHERE category = 'email' AND seq = 13").run();
      db.prepare("UPDATE audit_entries SET seq = 13 WHERE category = 'email' AND seq = -1").run();
    },
    { what: 'reordered', seq: 12 },
  ],
  ['truncates the newest rows', (db) => db.prepare("DELETE FROM audit_entries WHERE category = 'email' AND seq >= 14").run(), { what: 'truncated', seq: 16 }],
  ['recomputes the chain with plain sha256', (db) => recompute(db, 9, (fields) => createHash('sha256').update(canonical(fields)).digest('hex')), { what: 'wrong-key', seq: 9 }],
  [
    'recomputes the chain with HMAC under a wrong key',
    (db) => recompute(db, 9, (fields, keyId) => createHmac('sha256', Buffer.alloc(32, 9)).update(canonical({ ...fields, keyId })).digest('hex')),
    { what: 'wrong-key', seq: 9 },
  ],
];

describe('audit trail tampering (standalone, SQLite)', () => {
  let home: string;
  let retention: Awaited<ReturnType<AuditLogUnderTest['retention']>>;
  let throughApi: AuditVerifyResultV1;

  beforeAll(async () => {
    home = tempDir('orgo-audit-');
    const audit = new AuditLogUnderTest(home, { type: 'sqlite', path: path.join(home, 'data', 'audit-log.sqlite') });
    await audit.start();
    try {
      await fill(audit);
      retention = await audit.retention();
      throughApi = await audit.verify({ category: 'email' });
    } finally {
      await audit.stop();
    }
  });

  /** A fresh copy of the home (database and keys), tampered with as an attacker with write access would. */
  function tamperedCopy(tamper: (db: Sqlite) => void): string {
    const copy = tempDir('orgo-audit-copy-');
    fs.cpSync(path.join(home, 'data'), path.join(copy, 'data'), { recursive: true });
    fs.cpSync(path.join(home, 'secrets'), path.join(copy, 'secrets'), { recursive: true });
    const db = new Database(path.join(copy, 'data', 'audit-log.sqlite'));
    try {
      tamper(db);
    } finally {
      db.close();
    }
    return copy;
  }

  it('retention deleted the entries past their retention for real, erased the one behind a kept entry, and recorded the counts', () => {
    expect(retention).toEqual({ deleted: { email: { riverside: 6 }, workflow: { riverside: 1 }, security: { riverside: 1 } }, erased: { email: { '-': 1 } } });
    const db = new Database(path.join(home, 'data', 'audit-log.sqlite'), { readonly: true });
    try {
      expect(db.prepare("SELECT min(seq) AS first, count(*) AS n FROM audit_entries WHERE category = 'email'").get()).toEqual({ first: 7, n: 10 });
      expect(db.prepare("SELECT actor, details, erased_at IS NOT NULL AS erased FROM audit_entries WHERE category = 'email' AND seq = 8").get()).toEqual({ actor: '', details: '{}', erased: 1 });
      const recorded = db.prepare("SELECT organization, details FROM audit_entries WHERE action = 'system.audit.retention'").get() as { organization: null; details: string };
      expect(JSON.parse(recorded.details)).toMatchObject({ deleted: { email: { riverside: 6 } }, erased: { email: { '-': 1 } } });
      expect(db.prepare("SELECT kind, anchor_seq FROM audit_checkpoints WHERE category = 'email' ORDER BY number DESC LIMIT 1").get()).toEqual({ kind: 'retention', anchor_seq: 6 });
      // Security entries keep at least two years, the profile's five here: the 2020 sign-in failure is past both.
      expect(db.prepare("SELECT seq FROM audit_entries WHERE category = 'security'").all()).toEqual([{ seq: 2 }]);
      const everything = JSON.stringify(db.prepare('SELECT * FROM audit_entries').all());
      expect(everything).not.toContain(SENDER);
    } finally {
      db.close();
    }
  });

  it('an untouched trail verifies after retention: exit 0 with counts; the API answers the same', async () => {
    const whole = await verify(['--home', home]);
    expect(whole.code).toBe(0);
    expect(whole.result).toMatchObject({ ok: true, broken: null, checked: 13 });
    expect(whole.result.categories.find((c) => c.category === 'email')).toEqual({ category: 'email', entries: 10, erased: 1, legacy: 0, seq: 16, anchor_seq: 6, checkpoints: expect.any(Number) });
    const email = await verify(['--home', home, '--category', 'email', '--org', 'riverside']);
    expect(email.result).toMatchObject({ ok: true, checked: 9, organization: 'riverside', categories: [expect.objectContaining({ category: 'email', entries: 9 })] });
    expect(throughApi).toMatchObject({ ok: true, categories: [expect.objectContaining({ category: 'email', entries: 10, seq: 16 })] });
    const text = runOrgo(['audit', 'verify', '--config', CONFIG, '--home', home]);
    expect(await text.exited).toBe(0);
    expect(text.output()).toMatch(/The audit trail is whole: 13 entries verified\.\n {2}task .*\n {2}email +10 entries {2}newest seq 16/);
  });

  it.each(TAMPERING)('an attacker who %s is named', async (_what, tamper, expected) => {
    const { code, result } = await verify(['--home', tamperedCopy(tamper)]);
    expect(code).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.broken).toMatchObject({ category: 'email', ...expected });
  });

  it('never adopts a keyed trail whose heads and checkpoints were deleted: a restart signs nothing the attacker left', async () => {
    const copy = tamperedCopy((db) => {
      db.prepare('DELETE FROM audit_heads').run();
      db.prepare('DELETE FROM audit_checkpoints').run();
      db.prepare("DELETE FROM audit_entries WHERE category = 'email' AND seq >= 14").run();
    });
    const restarted = new AuditLogUnderTest(copy, { type: 'sqlite', path: path.join(copy, 'data', 'audit-log.sqlite') });
    await restarted.start();
    await restarted.stop();
    const db = new Database(path.join(copy, 'data', 'audit-log.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM audit_heads').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    const run = runOrgo(['audit', 'verify', '--config', CONFIG, '--home', copy]);
    expect(await run.exited).toBe(1);
  });

  it('prints the broken entry for a person, and refuses without the keys', async () => {
    const copy = tamperedCopy((db) => db.prepare("DELETE FROM audit_entries WHERE category = 'email' AND seq >= 14").run());
    const run = runOrgo(['audit', 'verify', '--config', CONFIG, '--home', copy]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('The audit trail is broken: email seq 16: truncated — truncated: the checkpoint at seq 16');
    fs.rmSync(path.join(copy, 'secrets'), { recursive: true });
    const keyless = runOrgo(['audit', 'verify', '--config', CONFIG, '--home', copy]);
    expect(await keyless.exited).toBe(2);
    expect(keyless.output()).toContain('The audit keys are not available');
  });
});

describe('audit trail tampering (distributed, PostgreSQL)', () => {
  const prefix = `a${randomUUID().slice(0, 8)}_`;
  const schema = `${prefix}audit_log`;
  const key = (seed: string) => createHash('sha256').update(seed).digest('base64');
  const keyEnv = { ORGO_ENCRYPTION_KEYS: `k1:${key('k1')}`, ORGO_INDEX_KEY: key('index'), ORGO_AUDIT_KEYS: `a2:${key('a2')},a1:${key('a1')}` };
  const cliEnv = { ...keyEnv, ORGO_POSTGRES__URL: POSTGRES_URL, ORGO_POSTGRES__SCHEMA_PREFIX: prefix };
  const pg = new Client({ connectionString: POSTGRES_URL });

  beforeAll(async () => {
    await pg.connect();
    const home = tempDir('orgo-audit-pg-');
    const ring = resolveKeyRing({ env: keyEnv, security: {}, home, shape: 'distributed' });
    const audit = new AuditLogUnderTest(home, { type: 'postgres', url: POSTGRES_URL, schema, poolSize: 2 }, ring);
    await audit.start();
    try {
      await fill(audit);
      await audit.retention();
    } finally {
      await audit.stop();
    }
  });

  afterAll(async () => {
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  it('verifies the untouched schema, then names a truncation and an edit', async () => {
    const whole = await verify(['--distributed'], cliEnv);
    expect(whole.code).toBe(0);
    expect(whole.result).toMatchObject({ ok: true, checked: 13 });
    await pg.query(`UPDATE "${schema}".audit_entries SET actor = 'someone-else' WHERE category = 'security' AND seq = 2`);
    expect((await verify(['--distributed'], cliEnv)).result.broken).toMatchObject({ category: 'security', seq: 2, what: 'edited' });
    await pg.query(`DELETE FROM "${schema}".audit_entries WHERE category = 'security' AND seq = 2`);
    const truncated = await verify(['--distributed', '--category', 'security'], cliEnv);
    expect(truncated.code).toBe(1);
    expect(truncated.result.broken).toMatchObject({ category: 'security', seq: 2, what: 'truncated' });
  });
});
