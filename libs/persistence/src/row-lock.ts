import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Find options that lock the rows read until the transaction ends (`SELECT … FOR UPDATE`) where
 * the database needs it: PostgreSQL, where concurrent transactions (service replicas, a handler
 * and an API call) could otherwise read the same row and both change it. SQLite serializes
 * writing transactions already, so nothing is added there.
 */
export function forUpdate(manager: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' } } : {};
}

/**
 * Makes a claiming query (`… ORDER BY due LIMIT n`) lock the rows it returns and skip rows another
 * transaction holds (`FOR UPDATE SKIP LOCKED`) in PostgreSQL, so workers claiming at the same moment
 * (replicas, or two loops of one process) take disjoint rows and never wait for each other. SQLite
 * runs one writing transaction at a time and needs nothing.
 */
export function skipLocked<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return query.connection.options.type === 'postgres' ? query.setLock('pessimistic_write').setOnLocked('skip_locked') : query;
}
