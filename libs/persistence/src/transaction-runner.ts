import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs units of work in database transactions.
 *
 * SQLite (better-sqlite3) has one connection per data source: two transactions open at once would
 * interleave on it, and a write made outside a transaction would join whichever one is open. So on
 * SQLite every unit of work is queued and runs alone; on PostgreSQL they run concurrently, each on
 * its own pooled connection.
 */
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';
  }

  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs a read; serialized with writes on SQLite so it never sees another unit's uncommitted rows. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return work(this.dataSource.manager);
    const result = this.tail.then(() => work(this.dataSource.manager));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
