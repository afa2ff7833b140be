import type { EntityManager } from 'typeorm';

/**
 * Find options that lock the rows read until the transaction ends (`SELECT … FOR UPDATE`) where
 * the database needs it: PostgreSQL, where concurrent transactions (service replicas, a handler
 * and an API call) could otherwise read the same row and both change it. SQLite serializes
 * writing transactions already, so nothing is added there.
 */
export function forUpdate(manager: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' } } : {};
}
