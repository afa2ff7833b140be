import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts whole entity rows. TypeORM's insert typing rejects JSON columns typed as
 * `Record<string, unknown>`; the column transformers handle them, so the rows are passed as they are.
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T | T[]): Promise<void> {
  await manager.insert(target, rows as QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[]);
}

/**
 * Inserts the rows whose unique key is not taken yet and says which were inserted, in one
 * statement (`INSERT … ON CONFLICT (unique) DO NOTHING RETURNING key`, PostgreSQL and SQLite
 * alike): what a "does it exist? then insert" pair did in two round trips. Only a conflict on
 * `unique` (the properties of one primary key or unique index) leaves a row out; any other
 * constraint error fails the statement as an INSERT would. `key` (a property) is returned to tell
 * the inserted rows apart, as the database gives it back. The caller keeps the rows of one call
 * within the parameters of a statement (see `chunksFor`).
 */
export async function insertNew<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
  key: keyof T & string,
  unique: (keyof T & string)[] = [key],
): Promise<Set<unknown>> {
  if (rows.length === 0) return new Set();
  const metadata = manager.connection.getMetadata(target);
  const columnOf = (property: string) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`insertNew: ${metadata.name} has no column for property '${property}'`);
    return manager.connection.driver.escape(column.databaseName);
  };
  const conflict = unique.map(columnOf).join(', ');
  const [sql, parameters] = manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(rows as QueryDeepPartialEntity<T>[])
    // Deprecated in favour of orIgnore(), which cannot name its conflict target.
    .onConflict(`(${conflict}) DO NOTHING`)
    .updateEntity(false)
    .getQueryAndParameters();
  const inserted = (await manager.query(`${sql} RETURNING ${columnOf(key)} AS "key"`, parameters)) as { key: unknown }[];
  return new Set(inserted.map((row) => row.key));
}
