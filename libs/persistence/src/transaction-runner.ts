import type { DataSource, EntityManager } from 'typeorm';

import { closeBeforeCommitScope, openBeforeCommitScope, runBeforeCommit } from './before-commit';

/**
 * Runs units of work in database transactions.
 *
 * SQLite (better-sqlite3) has one connection per data source: two transactions open at once would
 * interleave on it, and a write made outside a transaction would join whichever one is open. So on
 * SQLite every unit of work is queued and runs alone; on PostgreSQL they run concurrently, each on
 * its own pooled connection.
 *
 * Rows buffered with `bufferUntilCommit` (for one multi-row statement) are written at the end of
 * `work`, inside the same transaction; what `afterCommit` registered runs once it has committed.
 */
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';
  }

  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let committed: (() => void)[] = [];
    const unit = async (manager: EntityManager): Promise<T> => {
      openBeforeCommitScope(manager);
      try {
        const result = await work(manager);
        committed = await runBeforeCommit(manager);
        return result;
      } finally {
        closeBeforeCommitScope(manager);
      }
    };
    const afterwards = (result: T): T => {
      for (const then of committed) then();
      return result;
    };
    if (!this.serial) return this.dataSource.transaction(unit).then(afterwards);
    const result = this.tail.then(() => this.dataSource.transaction(unit)).then(afterwards);
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
