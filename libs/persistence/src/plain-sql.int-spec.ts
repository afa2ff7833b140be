import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  Column,
  type DataSource,
  Entity,
  Index,
  type MigrationInterface,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type QueryRunner,
  Table,
} from 'typeorm';

import { openServiceDatabase } from './create-data-source';
import type { DatabaseOptions } from './database-options';
import { insertNew } from './insert-rows';
import { MAX_PARAMETERS, chunksFor, plainSql } from './plain-sql';
import { TransactionRunner } from './transaction-runner';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

@Entity({ name: 'plain_rows' })
class PlainRowEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  label!: string;

  @Column({ type: 'integer' })
  n!: number;
}

/** A generated key and a unique id beside it, like the notifier's notifications. */
@Entity({ name: 'numbered_rows' })
class NumberedRowEntity {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Index('numbered_rows_id', { unique: true })
  @Column({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;
}

class PlainRows1700000000001 implements MigrationInterface {
  name = 'PlainRows1700000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'plain_rows',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'label', type: 'varchar', length: '64' },
          { name: 'n', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'numbered_rows',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'id', type: 'varchar', length: '36', isUnique: true },
          { name: 'data', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('numbered_rows');
    await queryRunner.dropTable('plain_rows');
  }
}

describe('chunksFor', () => {
  it('keeps every chunk within the parameters of one statement, in order, losing nothing', () => {
    const items = Array.from({ length: 7_501 }, (_, i) => i);
    const chunks = chunksFor(items, 8);
    expect(chunks.map((c) => c.length)).toEqual([3_750, 3_750, 1]);
    for (const chunk of chunks) expect(chunk.length * 8).toBeLessThanOrEqual(MAX_PARAMETERS);
    expect(chunks.flat()).toEqual(items);
  });

  it('makes one chunk of what fits, none of nothing, and one row a chunk when a row alone is wider than the cap', () => {
    expect(chunksFor([1, 2, 3], 5)).toEqual([[1, 2, 3]]);
    expect(
      chunksFor(
        Array.from({ length: MAX_PARAMETERS / 5 }, () => 0),
        5,
      ),
    ).toHaveLength(1);
    expect(
      chunksFor(
        Array.from({ length: MAX_PARAMETERS / 5 + 1 }, () => 0),
        5,
      ),
    ).toHaveLength(2);
    expect(chunksFor([], 5)).toEqual([]);
    expect(chunksFor(['a', 'b'], MAX_PARAMETERS + 1)).toEqual([['a'], ['b']]);
  });
});

const ENGINES: [string, () => DatabaseOptions, (ds: DataSource) => Promise<void>][] = [
  [
    'PostgreSQL',
    // Upper case and a dash: a schema that works only when quoted.
    () => ({
      type: 'postgres',
      url: POSTGRES_URL,
      schema: `Plain-Sql_${process.pid}_${Date.now().toString(36)}`,
    }),
    async (ds) => {
      const { schema } = ds.options as { schema: string };
      await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  ],
  [
    'SQLite',
    () => ({
      type: 'sqlite',
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-plain-sql-')), 'plain.sqlite'),
    }),
    async (ds) => {
      fs.rmSync(path.dirname(ds.options.database as string), { recursive: true, force: true });
    },
  ],
];

describe.each(ENGINES)('plainSql on %s', (engine, database, cleanUp) => {
  const postgres = engine === 'PostgreSQL';
  let ds: DataSource;
  let tx: TransactionRunner;

  beforeAll(async () => {
    ds = await openServiceDatabase({
      service: 'plain-sql-test',
      database: database(),
      entities: [PlainRowEntity, NumberedRowEntity],
      migrations: [PlainRows1700000000001],
    });
    tx = new TransactionRunner(ds);
  });

  afterAll(async () => {
    if (!ds) return;
    await cleanUp(ds);
    await ds.destroy();
  });

  beforeEach(() => tx.run((m) => m.clear(PlainRowEntity)));

  it("names the entity's table as TypeORM does: in its schema on PostgreSQL, quoted", () => {
    const sql = plainSql(ds.manager);
    if (postgres) {
      const { schema } = ds.options as { schema: string };
      expect(sql.table(PlainRowEntity)).toBe(`"${schema}"."plain_rows"`);
    } else {
      expect(sql.table(PlainRowEntity)).toBe('"plain_rows"');
    }
  });

  it("writes the engine's placeholders", () => {
    const sql = plainSql(ds.manager);
    if (postgres) {
      expect(sql.list(3)).toBe('$1, $2, $3');
      expect(sql.list(2, 1)).toBe('$2, $3');
      expect(sql.rows(2, 3)).toBe('($1, $2, $3), ($4, $5, $6)');
    } else {
      expect(sql.list(3)).toBe('?, ?, ?');
      expect(sql.list(2, 1)).toBe('?, ?');
      expect(sql.rows(2, 3)).toBe('(?, ?, ?), (?, ?, ?)');
    }
    expect(sql.list(0)).toBe('');
  });

  it('inserts many rows with one statement, into the table TypeORM reads, and selects them with a list after other parameters', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({
      id: `row-${String(i).padStart(2, '0')}`,
      label: `label ${i}`,
      n: i,
    }));
    await tx.run(async (m) => {
      const sql = plainSql(m);
      await m.query(
        `INSERT INTO ${sql.table(PlainRowEntity)} (id, label, n) VALUES ${sql.rows(rows.length, 3)}`,
        rows.flatMap((r) => [r.id, r.label, r.n]),
      );
    });
    expect(await ds.manager.find(PlainRowEntity, { order: { id: 'ASC' } })).toEqual(
      rows.map((r) => Object.assign(new PlainRowEntity(), r)),
    );

    const picked = await tx.read(async (m) => {
      const sql = plainSql(m);
      return m.query(
        `SELECT id FROM ${sql.table(PlainRowEntity)} WHERE n >= ${sql.list(1)} AND id IN (${sql.list(3, 1)}) ORDER BY id`,
        [10, 'row-03', 'row-12', 'row-20'],
      );
    });
    expect(picked).toEqual([{ id: 'row-12' }, { id: 'row-20' }]);
  });

  it('inserts more rows than MAX_PARAMETERS lets one statement carry, chunk by chunk, in one transaction', async () => {
    const width = 3;
    const rows = Array.from({ length: MAX_PARAMETERS / width + 1_234 }, (_, i) => ({
      id: `bulk-${i}`,
      label: 'bulk',
      n: i,
    }));
    const chunks = chunksFor(rows, width);
    expect(chunks).toHaveLength(2);
    await tx.run(async (m) => {
      const sql = plainSql(m);
      for (const chunk of chunks) {
        await m.query(
          `INSERT INTO ${sql.table(PlainRowEntity)} (id, label, n) VALUES ${sql.rows(chunk.length, width)}`,
          chunk.flatMap((r) => [r.id, r.label, r.n]),
        );
      }
    });
    expect(await ds.manager.count(PlainRowEntity)).toBe(rows.length);
    const [{ total }] = await ds.query(
      `SELECT SUM(n) AS total FROM ${plainSql(ds.manager).table(PlainRowEntity)}`,
    );
    expect(Number(total)).toBe((rows.length * (rows.length - 1)) / 2);
  });

  it('insertNew inserts the rows whose key is free and names them; taken ones are left as they were', async () => {
    const first = await tx.run((m) => insertNew(m, PlainRowEntity, [{ id: 'a', label: 'one', n: 1 }, { id: 'b', label: 'one', n: 2 }], 'id'));
    expect([...first].sort()).toEqual(['a', 'b']);
    const second = await tx.run((m) => insertNew(m, PlainRowEntity, [{ id: 'b', label: 'two', n: 3 }, { id: 'c', label: 'two', n: 4 }], 'id'));
    expect([...second]).toEqual(['c']);
    expect(await ds.manager.find(PlainRowEntity, { order: { id: 'ASC' } })).toEqual([
      { id: 'a', label: 'one', n: 1 },
      { id: 'b', label: 'one', n: 2 },
      { id: 'c', label: 'two', n: 4 },
    ]);
    expect([...(await tx.run((m) => insertNew(m, PlainRowEntity, [], 'id')))]).toEqual([]);
  });

  it('insertNew still fails on a constraint other than a taken key, and inserts nothing of that statement', async () => {
    await expect(tx.run((m) => insertNew(m, PlainRowEntity, [{ id: 'd', label: 'ok', n: 1 }, { id: 'e', label: null as unknown as string, n: 2 }], 'id'))).rejects.toThrow();
    expect(await ds.manager.count(PlainRowEntity)).toBe(0);
  });

  it('insertNew leaves a generated key to the database and skips a row whose unique id is taken', async () => {
    await ds.manager.clear(NumberedRowEntity);
    const first = await tx.run((m) => insertNew(m, NumberedRowEntity, [m.create(NumberedRowEntity, { id: 'n-1', data: { k: 1 } }), m.create(NumberedRowEntity, { id: 'n-2', data: { k: 2 } })], 'id'));
    expect([...first].sort()).toEqual(['n-1', 'n-2']);
    const again = await tx.run((m) => insertNew(m, NumberedRowEntity, [m.create(NumberedRowEntity, { id: 'n-2', data: { k: 9 } }), m.create(NumberedRowEntity, { id: 'n-3', data: { k: 3 } })], 'id'));
    expect([...again]).toEqual(['n-3']);
    const rows = await ds.manager.find(NumberedRowEntity, { order: { seq: 'ASC' } });
    expect(rows.map((r) => [r.id, r.data])).toEqual([
      ['n-1', { k: 1 }],
      ['n-2', { k: 2 }],
      ['n-3', { k: 3 }],
    ]);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(3);
  });

  it('insertNew leaves out only rows that conflict on the key it is told; a clash on another unique column fails', async () => {
    await ds.manager.clear(NumberedRowEntity);
    await tx.run((m) => insertNew(m, NumberedRowEntity, [m.create(NumberedRowEntity, { id: 'u-1', data: {} })], 'id'));
    // Told to skip conflicts on seq only: the taken id is an error, not a row left out.
    await expect(tx.run((m) => insertNew(m, NumberedRowEntity, [m.create(NumberedRowEntity, { id: 'u-1', data: { again: true } })], 'seq', ['seq']))).rejects.toThrow();
    expect((await ds.manager.find(NumberedRowEntity)).map((r) => [r.id, r.data])).toEqual([['u-1', {}]]);
  });
});
