import { createHash } from 'node:crypto';

import { KeyRing } from '@orgo/security';

import type { ChainEntry, ChainInput, StoredCheckpoint, StoredHead } from './audit-chain-verifier';
import { type ChainState, emptyState, signCheckpoint, signHead } from './audit-checkpoint';
import { GENESIS_HASH, type HashedFields, signEntry } from './audit-hash';

/** A key ring whose audit keys (newest first) are derived from their ids: the same id, the same key. */
export function testRing(auditIds: string[] = ['a1']): KeyRing {
  const key = (seed: string) => createHash('sha256').update(seed).digest();
  return new KeyRing([{ id: 'k1', key: key('k1') }], key('index'), auditIds.map((id) => ({ id, key: key(`audit:${id}`) })));
}

/** A signed chain of `n` entries with a checkpoint every `every` entries (and at the first), and its head. */
export function signedChain(ring: KeyRing, n: number, every = 3, category = 'task'): ChainInput {
  const entries: ChainEntry[] = [];
  const checkpoints: StoredCheckpoint[] = [];
  let prev = GENESIS_HASH;
  let state: ChainState = emptyState(category, '2026-11-23T12:00:00.000Z');
  for (let i = 1; i <= n; i++) {
    const fields: HashedFields = {
      id: `id-${i}`,
      category,
      seq: i,
      at: `2026-11-23T12:00:${String(i).padStart(2, '0')}.000Z`,
      organization: i % 2 ? 'northside' : 'riverside',
      action: 'task.maintenance.created',
      actor: 'task-service',
      messageId: `m-${i}`,
      taskId: 't-1',
      emailId: null,
      label: '1001.81.Ops.Maintenance',
      details: { b: 2, a: [1, { d: 4, c: 3 }] },
      prevHash: prev,
    };
    const { keyId, hash } = signEntry(ring, fields);
    entries.push({ ...fields, hash, keyId, erasedAt: null, erasureMac: null });
    prev = hash;
    state = { ...state, seq: i, hash, count: i, at: fields.at };
    if (i === 1 || i % every === 0) checkpoints.push(checkpointOf(ring, state, checkpoints.at(-1)));
  }
  return { category, entries, checkpoints, head: headOf(ring, state, checkpoints.at(-1)) };
}

export function checkpointOf(ring: KeyRing, state: ChainState, previous: StoredCheckpoint | undefined, kind: StoredCheckpoint['kind'] = 'periodic'): StoredCheckpoint {
  const fields = { ...state, number: (previous?.number ?? 0) + 1, kind, prevMac: previous?.mac ?? GENESIS_HASH };
  return { ...fields, ...signCheckpoint(ring, fields) };
}

export function headOf(ring: KeyRing, state: ChainState, last: StoredCheckpoint | undefined): StoredHead {
  const fields = { ...state, checkpointNumber: last?.number ?? 0, checkpointMac: last?.mac ?? GENESIS_HASH };
  return { ...fields, ...signHead(ring, fields) };
}
