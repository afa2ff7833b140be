import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts whole entity rows. TypeORM's insert typing rejects JSON columns typed as
 * `Record<string, unknown>`; the column transformers handle them, so the rows are passed as they are.
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T | T[]): Promise<void> {
  await manager.insert(target, rows as QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[]);
}
