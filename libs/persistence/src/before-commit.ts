import type { EntityManager } from 'typeorm';

interface Deferred {
  state: unknown;
  flush: (state: unknown) => Promise<void>;
}

interface Scope {
  deferred: Map<string, Deferred>;
  committed: (() => void)[];
}

const scopes = new WeakMap<EntityManager, Scope>();

/** Marks a transaction's manager as one whose writes may be deferred to its end (TransactionRunner does). */
export function openBeforeCommitScope(manager: EntityManager): void {
  scopes.set(manager, { deferred: new Map(), committed: [] });
}

/** Ends the scope, whether the work committed or not: what it buffered is dropped with it. */
export function closeBeforeCommitScope(manager: EntityManager): void {
  scopes.delete(manager);
}

/**
 * A buffer that lives as long as the manager's transaction and is written just before it commits:
 * the first call under `key` creates it with `create` and registers `flush`, later calls in the
 * same transaction return the same buffer. Returns null when the manager is not in a
 * TransactionRunner's transaction: the caller then writes at once. Hot paths gather rows this way
 * and write them with one statement per batch (audit entries of a chain, outbox rows); a rolled-back
 * transaction drops its buffers, so nothing of it is written later.
 */
export function bufferUntilCommit<T>(manager: EntityManager, key: string, create: () => T, flush: (state: T) => Promise<void>): T | null {
  const scope = scopes.get(manager);
  if (!scope) return null;
  let deferred = scope.deferred.get(key);
  if (!deferred) {
    deferred = { state: create(), flush: flush as (state: unknown) => Promise<void> };
    scope.deferred.set(key, deferred);
  }
  return deferred.state as T;
}

/**
 * Runs `then` once the manager's transaction has committed (never if it rolls back); false when the
 * manager is not in a TransactionRunner's transaction, where nobody can tell when it commits.
 */
export function afterCommit(manager: EntityManager, then: () => void): boolean {
  const scope = scopes.get(manager);
  if (!scope) return false;
  scope.committed.push(then);
  return true;
}

/**
 * Writes what was buffered, in the order the buffers were created, until nothing is left; returns
 * what is to run after the commit.
 */
export async function runBeforeCommit(manager: EntityManager): Promise<(() => void)[]> {
  const scope = scopes.get(manager);
  if (!scope) return [];
  while (scope.deferred.size > 0) {
    const [key, deferred] = scope.deferred.entries().next().value as [string, Deferred];
    scope.deferred.delete(key);
    await deferred.flush(deferred.state);
  }
  return scope.committed;
}
