import type { KeyRing } from './key-ring';

/**
 * The key ring that protects a database, bound to its connection object (a TypeORM DataSource),
 * so code holding only an entity manager (the outbox, the dead-letter store) seals what it writes
 * with the keys of the database it writes to.
 */
const bound = new WeakMap<object, KeyRing>();

export function bindKeyRing(connection: object, ring: KeyRing): void {
  bound.set(connection, ring);
}

export function boundKeyRing(connection: object): KeyRing | undefined {
  return bound.get(connection);
}
