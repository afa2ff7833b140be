import { plainSql } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import { TaskKeyCounterEntity } from './task-key-counter.entity';

/**
 * The next short key number of an organization (`NS-12` → 12), drawn in one statement: the counter
 * row is created at 2 or incremented, and the number before the increment is the one drawn. In
 * PostgreSQL the upsert locks the row until the transaction ends, so concurrent creations never
 * draw the same number; SQLite has one writer.
 */
export async function drawKeyNumber(manager: EntityManager, organization: string): Promise<number> {
  const sql = plainSql(manager);
  const table = sql.table(TaskKeyCounterEntity);
  const rows = (await manager.query(
    `INSERT INTO ${table} AS c ("organization", "next") VALUES (${sql.list(1)}, 2)
     ON CONFLICT ("organization") DO UPDATE SET "next" = c."next" + 1 RETURNING "next"`,
    [organization],
  )) as { next: number | string }[];
  return Number(rows[0].next) - 1;
}
