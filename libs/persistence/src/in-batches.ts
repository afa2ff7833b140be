import type { EntityManager } from 'typeorm';

import type { TransactionRunner } from './transaction-runner';

/**
 * Runs `step` in one transaction per batch until a batch comes back short (fewer than `size` rows
 * done): long maintenance work (sealing old rows at start) that a crash leaves resumable. Returns the
 * rows done in all.
 */
export async function runInBatches(tx: TransactionRunner, size: number, step: (manager: EntityManager) => Promise<number>): Promise<number> {
  for (let total = 0; ; ) {
    const done = await tx.run(step);
    total += done;
    if (done < size) return total;
  }
}
