import { skipLocked } from '@orgo/persistence';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows kept per task from its events: the newest task version wins. */
export interface TaskVersionedRow extends ObjectLiteral {
  taskId: string;
  taskVersion: number;
}

const isPostgres = (manager: EntityManager) => manager.connection.options.type === 'postgres';

/** What `upsertNewerVersion` writes: column names to values, and how `status` is decided. */
export interface VersionedUpsert {
  /** Column name → value (JSON already as text, booleans as they are). */
  values: Record<string, string | number | boolean | null>;
  /**
   * SQL for the stored `status` when a row exists: may read the stored row as `t` and the new one
   * as `excluded` (e.g. keep `fired` while the same moment at the same level is asked for).
   */
  status?: string;
}

/**
 * Stores a task's row for task version `values.task_version` unless the table already holds that
 * version or a newer one (events may arrive out of order, and on several replicas at once), in one
 * statement: `INSERT … ON CONFLICT (task_id) DO UPDATE … WHERE t.task_version < excluded.task_version`.
 * In PostgreSQL the statement waits for a firing pass holding the row and then decides on what it
 * committed (a timer it just fired is seen as `fired`). Returns whether the row was stored.
 */
export async function upsertNewerVersion(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, upsert: VersionedUpsert): Promise<boolean> {
  const metadata = manager.connection.getMetadata(entity);
  const table = metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  const columns = Object.keys(upsert.values);
  const sqlite = !isPostgres(manager);
  const parameters = Object.fromEntries(columns.map((c) => [c, sqlite && typeof upsert.values[c] === 'boolean' ? Number(upsert.values[c]) : upsert.values[c]]));
  const updates = columns
    .filter((c) => c !== 'task_id' && c !== 'status' && c !== 'fired_at')
    .map((c) => `"${c}" = excluded."${c}"`)
    .concat(columns.includes('status') ? [`"status" = ${upsert.status ?? 'excluded."status"'}`] : []);
  const sql =
    `INSERT INTO ${table} AS t (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')}) ` +
    `ON CONFLICT ("task_id") DO UPDATE SET ${updates.join(', ')} WHERE t."task_version" < excluded."task_version" RETURNING "task_id"`;
  const [query, bound] = manager.connection.driver.escapeQueryWithParameters(sql, parameters, {});
  const rows = (await manager.query(query, bound)) as unknown[];
  return Array.isArray(rows) && rows.length > 0;
}

/**
 * Claims up to `limit` pending rows due by `now` and marks them `fired`, in the caller's
 * transaction. PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, so replicas claiming at the same
 * moment take disjoint rows and never wait for each other; the rows stay locked until the caller
 * commits its outbox rows with them. SQLite: one process, one transaction at a time.
 */
export async function claimDue<T extends TaskVersionedRow>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  dueProperty: 'dueAt' | 'warnAt',
  now: string,
  limit: number,
): Promise<T[]> {
  const query = manager
    .createQueryBuilder(entity, 't')
    .where('t.status = :pending', { pending: 'pending' })
    .andWhere(`t.${dueProperty} <= :now`, { now })
    .orderBy(`t.${dueProperty}`, 'ASC')
    .limit(limit);
  const rows = await skipLocked(query).getMany();
  if (rows.length === 0) return rows;
  await manager
    .createQueryBuilder()
    .update(entity)
    .set({ status: 'fired', firedAt: now, updatedAt: now } as never)
    .where('task_id IN (:...ids)', { ids: rows.map((r) => r.taskId) })
    .execute();
  return rows;
}

/** The earliest pending due time of a table, or null. */
export async function earliestPending<T extends TaskVersionedRow>(manager: EntityManager, entity: EntityTarget<T>, dueProperty: 'dueAt' | 'warnAt'): Promise<string | null> {
  const row = await manager
    .createQueryBuilder(entity, 't')
    .select(`MIN(t.${dueProperty})`, 'next')
    .where('t.status = :pending', { pending: 'pending' })
    .getRawOne<{ next: string | null }>();
  return row?.next ?? null;
}
