import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import { AuditIntegrity1764806400000 } from '../migrations/1764806400000-audit-integrity';
import { AuditLogSchema1732406400007 } from '../migrations/1732406400007-audit-log-schema';
import { type AuditSettings, DEFAULT_AUDIT_SETTINGS } from '../settings/audit-settings';
import { AuditChainService, type NewAuditEntry } from './audit-chain.service';
import { testRing } from './audit-chain.test-support';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';
import { verifyAuditTrail } from './audit-verification';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const CHECKPOINT_EVERY = 7;
const CATEGORIES = ['task', 'email', 'workflow', 'security', 'system'] as const;
type Category = (typeof CATEGORIES)[number];

/** Checkpoints of a chain of `n` entries: at its first entry, then every CHECKPOINT_EVERY entries. */
const checkpointsFor = (n: number) => (n === 0 ? 0 : 1 + Math.floor((n - 1) / CHECKPOINT_EVERY));

const ENGINES: [string, () => DatabaseOptions][] = [
  [
    'PostgreSQL',
    () => ({
      type: 'postgres',
      url: POSTGRES_URL,
      schema: `audit_batch_${process.pid}_${Date.now().toString(36)}`,
    }),
  ],
  [
    'SQLite',
    () => ({
      type: 'sqlite',
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-audit-batch-')), 'audit.sqlite'),
    }),
  ],
];

describe.each(ENGINES)('appending batches to the audit chain on %s', (_engine, database) => {
  const options = database();
  const ring = testRing(['a1']);
  let now = Date.parse('2026-11-24T10:00:00.000Z');
  const clock = () => new Date((now += 1000));
  // Checkpoints by count only, small enough to fall inside a batch.
  const settings: AuditSettings = {
    ...DEFAULT_AUDIT_SETTINGS,
    checkpointEvery: CHECKPOINT_EVERY,
    checkpointIntervalMs: 86_400_000,
  };
  const chain = new AuditChainService(ring, clock, settings);
  let ds: DataSource;
  let tx: TransactionRunner;
  let appended = 0;
  /** What append() returned, per category, in the order appended. */
  const returned = new Map<Category, AuditEntryEntity[]>(CATEGORIES.map((c) => [c, []]));

  const entry = (category: Category): NewAuditEntry => {
    const n = ++appended;
    return {
      id: randomUUID(),
      category,
      organization: n % 3 === 0 ? null : n % 2 ? 'northside' : 'riverside',
      action: `${category}.it.happened`,
      actor: 'audit-test',
      messageId: randomUUID(),
      correlationId: randomUUID(),
      taskId: category === 'task' ? randomUUID() : null,
      emailId: null,
      label: category === 'task' ? '1001.81.Ops.Maintenance' : null,
      details: { n, nested: { b: 2, a: [1, 'x'] } },
    };
  };

  /** Appends one entry of each category in turn (round robin), `count` entries in all. */
  const appendSome = async (
    manager: EntityManager,
    count: number,
    categories: readonly Category[] = CATEGORIES,
  ) => {
    for (let i = 0; i < count; i++) {
      const category = categories[i % categories.length];
      const row = await chain.append(manager, entry(category));
      returned.get(category)?.push(row);
    }
  };

  const stored = (m: EntityManager = ds.manager) =>
    Promise.all([
      m.find(AuditHeadEntity, { order: { category: 'ASC' } }),
      m.find(AuditEntryEntity, { order: { category: 'ASC', seq: 'ASC' } }),
      m.find(AuditCheckpointEntity, { order: { category: 'ASC', number: 'ASC' } }),
    ]).then(([heads, entries, checkpoints]) => ({ heads, entries, checkpoints }));

  const headOf = async (category: Category) =>
    (await stored()).heads.find((h) => h.category === category) as AuditHeadEntity;

  beforeAll(async () => {
    ds = await openServiceDatabase({
      service: 'audit-log',
      database: options,
      entities: [AuditCheckpointEntity, AuditEntryEntity, AuditHeadEntity],
      migrations: [AuditLogSchema1732406400007, AuditIntegrity1764806400000],
    });
    tx = new TransactionRunner(ds);
  });

  afterAll(async () => {
    if (ds) {
      if (options.type === 'postgres') await ds.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
      await ds.destroy();
    }
    if (options.type === 'sqlite') fs.rmSync(path.dirname(options.path), { recursive: true, force: true });
  });

  it('keeps an intact chain per category over batches, single appends outside a runner and concurrent units', async () => {
    // A first batch: 15 entries in each of four categories, checkpoints at seq 1 and 8 inside it.
    await tx.run((m) => appendSome(m, 60, ['task', 'email', 'workflow', 'security']));
    // Outside a runner: each entry written as it is appended.
    await ds.transaction((m) => appendSome(m, 10, ['task', 'email']));
    // A bigger batch over every category, then one of a single entry.
    await tx.run((m) => appendSome(m, 49));
    await tx.run((m) => appendSome(m, 1, ['system']));
    // Units at once (PostgreSQL runs them concurrently, the head lock orders them; SQLite queues them).
    await Promise.all([0, 1, 2].map(() => tx.run((m) => appendSome(m, 10, ['task', 'email', 'system']))));
    expect(appended).toBe(150);

    const { heads, entries, checkpoints } = await stored();
    expect(entries).toHaveLength(150);
    for (const category of CATEGORIES) {
      const chainEntries = entries.filter((e) => e.category === category);
      const n = chainEntries.length;
      // Contiguous from 1, each linking to the one before, as append() said.
      expect(chainEntries.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      chainEntries.slice(1).forEach((e, i) => expect(e.prevHash).toBe(chainEntries[i].hash));
      const byId = new Map(returned.get(category)?.map((r) => [r.id, r]));
      for (const e of chainEntries)
        expect(byId.get(e.id)).toMatchObject({ seq: e.seq, hash: e.hash, prevHash: e.prevHash });
      const head = heads.find((h) => h.category === category);
      expect(head).toMatchObject({
        seq: n,
        count: n,
        hash: chainEntries.at(-1)?.hash,
        checkpointNumber: checkpointsFor(n),
      });
      expect(checkpoints.filter((c) => c.category === category).map((c) => c.number)).toEqual(
        Array.from({ length: checkpointsFor(n) }, (_, i) => i + 1),
      );
    }
    // The first batch's checkpoints at seq 1 and 8 came in the middle of it (it ended at seq 15).
    expect(checkpoints.filter((c) => c.category === 'workflow').map((c) => c.seq)).toEqual(
      Array.from(
        { length: checkpointsFor(heads.find((h) => h.category === 'workflow')?.seq ?? 0) },
        (_, i) => 1 + i * CHECKPOINT_EVERY,
      ),
    );
    expect(checkpoints.find((c) => c.category === 'task' && c.seq === 8)).toMatchObject({
      kind: 'periodic',
      number: 2,
    });

    const report = await verifyAuditTrail(ds.manager, ring);
    expect(report.broken).toBeNull();
    expect(report).toMatchObject({ ok: true, checked: 150 });
    for (const c of report.categories) {
      const n = entries.filter((e) => e.category === c.category).length;
      expect(c).toMatchObject({ entries: n, seq: n, checkpoints: checkpointsFor(n), erased: 0, legacy: 0 });
    }
  });

  it('leaves the chain as it was when a unit throws after appending, and the next append continues from the committed head', async () => {
    await tx.run((m) => appendSome(m, 3, ['task', 'email']));
    const before = await stored();
    const taskHead = await headOf('task');

    // Thrown by the work after a batch of appends (a checkpoint due among them).
    await expect(
      tx.run(async (m) => {
        await appendSome(m, 2 * CHECKPOINT_EVERY, ['task', 'email']);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await stored()).toEqual(before);

    // Failing while the batch is written: the chain written first rolls back with the one that failed.
    const taken = before.entries.find((e) => e.category === 'email') as AuditEntryEntity;
    await expect(
      tx.run(async (m) => {
        await chain.append(m, entry('task'));
        await chain.append(m, { ...entry('email'), id: taken.id });
      }),
    ).rejects.toThrow();
    expect(await stored()).toEqual(before);

    const next = await tx.run((m) => chain.append(m, entry('task')));
    expect(next).toMatchObject({ seq: taskHead.seq + 1, prevHash: taskHead.hash });
    const outside = await ds.transaction((m) => chain.append(m, entry('task')));
    expect(outside).toMatchObject({ seq: taskHead.seq + 2, prevHash: next.hash });
    expect(await headOf('task')).toMatchObject({
      seq: taskHead.seq + 2,
      count: taskHead.count + 2,
      hash: outside.hash,
    });

    const report = await verifyAuditTrail(ds.manager, ring);
    expect(report.broken).toBeNull();
    expect(report).toMatchObject({ ok: true, checked: before.entries.length + 2 });
    expect(report.categories.find((c) => c.category === 'task')).toMatchObject({
      seq: taskHead.seq + 2,
      checkpoints: checkpointsFor(taskHead.seq + 2),
    });
  });
});
