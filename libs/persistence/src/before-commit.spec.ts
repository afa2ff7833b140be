import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  type DataSource,
  type EntityManager,
  type MigrationInterface,
  type QueryRunner,
  Table,
} from 'typeorm';

import { afterCommit, bufferUntilCommit } from './before-commit';
import { openServiceDatabase } from './create-data-source';
import { TransactionRunner } from './transaction-runner';

class NotesTable1700000000000 implements MigrationInterface {
  name = 'NotesTable1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notes',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'body', type: 'varchar', length: '255' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notes');
  }
}

const insertNote = (m: EntityManager, id: string, body = id) =>
  m.query('INSERT INTO notes (id, body) VALUES (?, ?)', [id, body]);
const insertNotes = async (m: EntityManager, ids: string[]) => {
  for (const id of ids) await insertNote(m, id);
};

describe('bufferUntilCommit and afterCommit in a TransactionRunner transaction (SQLite)', () => {
  let dir: string;
  let ds: DataSource;
  let tx: TransactionRunner;

  const noteIds = async (): Promise<string[]> =>
    (await ds.query('SELECT id FROM notes ORDER BY id')).map((r: { id: string }) => r.id);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-before-commit-'));
    ds = await openServiceDatabase({
      service: 'before-commit-test',
      database: { type: 'sqlite', path: path.join(dir, 'notes.sqlite') },
      entities: [],
      migrations: [NotesTable1700000000000],
    });
    tx = new TransactionRunner(ds);
  });

  afterEach(async () => {
    await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates one buffer per key and flushes each once, inside the transaction, its writes committed with the unit', async () => {
    const created: string[] = [];
    const flushed: { key: string; ids: string[]; inTransaction: boolean | undefined }[] = [];
    const bufferOf = (m: EntityManager, key: string) =>
      bufferUntilCommit<string[]>(
        m,
        key,
        () => (created.push(key), []),
        async (ids) => {
          flushed.push({ key, ids: [...ids], inTransaction: m.queryRunner?.isTransactionActive });
          await insertNotes(m, ids);
        },
      );

    const result = await tx.run(async (m) => {
      const first = bufferOf(m, 'a');
      first?.push('a-1');
      bufferOf(m, 'b')?.push('b-1');
      const again = bufferOf(m, 'a');
      again?.push('a-2');
      expect(again).toBe(first);
      await insertNote(m, 'direct');
      // Nothing buffered is written while the work runs.
      expect(flushed).toEqual([]);
      expect(await m.query('SELECT id FROM notes')).toEqual([{ id: 'direct' }]);
      return 'done';
    });

    expect(result).toBe('done');
    expect(created).toEqual(['a', 'b']);
    // In the order the buffers were created, each once, with everything pushed to it.
    expect(flushed).toEqual([
      { key: 'a', ids: ['a-1', 'a-2'], inTransaction: true },
      { key: 'b', ids: ['b-1'], inTransaction: true },
    ]);
    expect(await noteIds()).toEqual(['a-1', 'a-2', 'b-1', 'direct']);
  });

  it('flushes a buffer that a flush creates, in the same transaction', async () => {
    const order: string[] = [];
    await tx.run(async (m) => {
      bufferUntilCommit(
        m,
        'first',
        () => ['x'],
        async (ids) => {
          order.push('first');
          await insertNotes(m, ids);
          bufferUntilCommit(
            m,
            'second',
            () => ['y'],
            async (more) => {
              order.push('second');
              await insertNotes(m, more);
            },
          );
        },
      );
    });
    expect(order).toEqual(['first', 'second']);
    expect(await noteIds()).toEqual(['x', 'y']);
  });

  it('rolls the whole unit back when a flush throws: the work, the flushes before it, and no after-commit callback', async () => {
    const committed: string[] = [];
    const run = tx.run(async (m) => {
      await insertNote(m, 'direct');
      bufferUntilCommit(
        m,
        'written',
        () => ['flushed-first'],
        (ids) => insertNotes(m, ids),
      );
      bufferUntilCommit(
        m,
        'failing',
        () => [],
        async () => {
          throw new Error('flush failed');
        },
      );
      afterCommit(m, () => committed.push('after'));
    });

    await expect(run).rejects.toThrow('flush failed');
    expect(await noteIds()).toEqual([]);
    expect(committed).toEqual([]);
  });

  it('drops the buffers and after-commit callbacks of a unit that throws', async () => {
    const flushed: string[] = [];
    const committed: string[] = [];
    const run = tx.run(async (m) => {
      bufferUntilCommit(
        m,
        'notes',
        () => ['never'],
        async (ids) => {
          flushed.push(...ids);
          await insertNotes(m, ids);
        },
      );
      expect(afterCommit(m, () => committed.push('after'))).toBe(true);
      await insertNote(m, 'direct');
      throw new Error('state change failed');
    });

    await expect(run).rejects.toThrow('state change failed');
    expect(flushed).toEqual([]);
    expect(committed).toEqual([]);
    expect(await noteIds()).toEqual([]);
  });

  it('runs after-commit callbacks once the unit has committed, in the order registered, before run() resolves', async () => {
    const events: string[] = [];
    let seenFromCallback: { inTransaction: boolean | undefined; buffer: unknown } | undefined;
    const result = await tx.run(async (m) => {
      afterCommit(m, () => {
        events.push('after 1');
        seenFromCallback = {
          inTransaction: m.queryRunner?.isTransactionActive,
          buffer: bufferUntilCommit(
            m,
            'late',
            () => [],
            async () => undefined,
          ),
        };
      });
      bufferUntilCommit(
        m,
        'notes',
        () => ['n-1'],
        async (ids) => {
          events.push('flush');
          await insertNotes(m, ids);
          // Registered while flushing (as the outbox does): runs after the commit as well.
          afterCommit(m, () => events.push('after 2'));
        },
      );
      events.push('work');
      return 42;
    });

    expect(result).toBe(42);
    expect(events).toEqual(['work', 'flush', 'after 1', 'after 2']);
    // The callback ran with the transaction over and the scope closed: nothing more can be buffered into it.
    expect(seenFromCallback).toEqual({ inTransaction: false, buffer: null });
    expect(await noteIds()).toEqual(['n-1']);
  });

  it('outside a runner transaction, buffers nothing and registers nothing', async () => {
    const create = jest.fn(() => []);
    const flush = jest.fn(async () => undefined);
    const then = jest.fn();

    expect(bufferUntilCommit(ds.manager, 'notes', create, flush)).toBeNull();
    expect(afterCommit(ds.manager, then)).toBe(false);

    // A plain TypeORM transaction is not a runner's: nobody would flush or call back.
    await ds.transaction(async (m) => {
      expect(bufferUntilCommit(m, 'notes', create, flush)).toBeNull();
      expect(afterCommit(m, then)).toBe(false);
    });

    // Nor is a runner's manager once its transaction has ended.
    let kept: EntityManager | undefined;
    await tx.run(async (m) => {
      kept = m;
    });
    expect(bufferUntilCommit(kept as EntityManager, 'notes', create, flush)).toBeNull();
    expect(afterCommit(kept as EntityManager, then)).toBe(false);

    expect(create).not.toHaveBeenCalled();
    expect(flush).not.toHaveBeenCalled();
    expect(then).not.toHaveBeenCalled();
  });

  it('starts every later transaction with empty buffers, after a commit and after a rollback', async () => {
    // better-sqlite3 has one connection: every transaction runs on the same query runner (TypeORM
    // 0.3 gives each a new manager over it, but may not always); what a unit buffered must not leak
    // into the next one either way.
    const flushes: string[][] = [];
    const committed: string[] = [];
    const runners = new Set<unknown>();
    const unit = (label: string, fail = false) =>
      tx.run(async (m) => {
        runners.add(m.queryRunner);
        const buffer = bufferUntilCommit<string[]>(
          m,
          'notes',
          () => [],
          async (ids) => {
            flushes.push([...ids]);
            await insertNotes(m, ids);
          },
        );
        expect(buffer).toEqual([]);
        buffer?.push(label);
        afterCommit(m, () => committed.push(label));
        if (fail) throw new Error(`${label} failed`);
      });

    await unit('one');
    await expect(unit('two', true)).rejects.toThrow('two failed');
    await unit('three');
    // Queued units (SQLite runs them one after another) each get their own buffer too.
    await Promise.all([unit('four'), unit('five')]);

    expect(runners.size).toBe(1);
    expect(flushes).toEqual([['one'], ['three'], ['four'], ['five']]);
    expect(committed).toEqual(['one', 'three', 'four', 'five']);
    expect(await noteIds()).toEqual(['five', 'four', 'one', 'three']);
  });
});
