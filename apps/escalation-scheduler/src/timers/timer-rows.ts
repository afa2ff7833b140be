import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Rows kept per task from its events: the newest task version wins. */
export interface TaskVersionedRow extends ObjectLiteral {
  taskId: string;
  taskVersion: number;
}

const isPostgres = (manager: EntityManager) => manager.connection.options.type === 'postgres';

/**
 * A task's row, locked for the rest of the transaction in PostgreSQL (a firing pass skips it, or
 * this waits until the pass committed and reads what it wrote). SQLite runs one transaction at a
 * time, so it needs no lock.
 */
function lockedRow<T extends TaskVersionedRow>(manager: EntityManager, entity: EntityTarget<T>, taskId: string): Promise<T | null> {
  return manager.findOne(entity, { where: { taskId } as never, ...(isPostgres(manager) ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

/**
 * Stores the row `build` makes for task version `version` unless the table already holds that
 * version or a newer one (events may arrive out of order, and on several replicas at once).
 * `build` gets the row stored so far (null for a new task). Returns whether the row was stored.
 */
export async function storeNewerVersion<T extends TaskVersionedRow>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  taskId: string,
  version: number,
  build: (existing: T | null) => T,
): Promise<boolean> {
  let existing = await lockedRow(manager, entity, taskId);
  if (!existing) {
    // Another replica may insert the same task at the same moment: the loser reads the winner's row.
    await manager.createQueryBuilder().insert().into(entity).values(build(null) as QueryDeepPartialEntity<T>).orIgnore().execute();
    existing = await lockedRow(manager, entity, taskId);
    if (existing?.taskVersion === version) return true;
  }
  if (!existing || existing.taskVersion >= version) return false;
  await manager.update(entity, { taskId } as never, build(existing) as QueryDeepPartialEntity<T>);
  return true;
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
  if (isPostgres(manager)) query.setLock('pessimistic_write').setOnLocked('skip_locked');
  const rows = await query.getMany();
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
