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
 * statement (`INSERT … ON CONFLICT DO NOTHING RETURNING key`, PostgreSQL and SQLite alike): what a
 * "does it exist? then insert" pair did in two round trips. A row conflicting with an existing one
 * (any primary key or unique index) is left out; other constraint errors still fail the statement.
 * `key` is the column (property name) returned to tell the inserted rows apart.
 */
export async function insertNew<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T[], key: keyof T & string): Promise<Set<unknown>> {
  if (rows.length === 0) return new Set();
  const metadata = manager.connection.getMetadata(target);
  const column = metadata.findColumnWithPropertyName(key);
  if (!column) throw new Error(`insertNew: ${metadata.name} has no column for property '${key}'`);
  const [sql, parameters] = manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(rows as QueryDeepPartialEntity<T>[])
    .orIgnore()
    .updateEntity(false)
    .getQueryAndParameters();
  const inserted = (await manager.query(`${sql} RETURNING ${manager.connection.driver.escape(column.databaseName)} AS "key"`, parameters)) as { key: unknown }[];
  return new Set(inserted.map((row) => row.key));
}
