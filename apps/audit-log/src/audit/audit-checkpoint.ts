import { type KeyRing, auditMac, auditMacWith } from '@orgo/security';

import { GENESIS_HASH, canonicalJson } from './audit-hash';

/**
 * What a category's chain looks like at one moment (ADR 0007): its newest entry (seq, hash), how
 * many entries it holds, the anchor its oldest kept entry links to (seq 0 and the genesis hash until
 * retention deletes a prefix) and up to which seq unkeyed (pre-keying) entries are accepted.
 */
export interface ChainState {
  category: string;
  seq: number;
  hash: string;
  count: number;
  anchorSeq: number;
  anchorHash: string;
  legacyUntil: number;
  at: string;
}

/** Why a durable checkpoint was written. */
export type CheckpointKind = 'periodic' | 'retention' | 'adopted';

/** A durable checkpoint: a chain state, numbered per category and chained to the checkpoint before it. */
export interface CheckpointFields extends ChainState {
  number: number;
  kind: CheckpointKind;
  prevMac: string;
}

/** The head of a category: its current state and the newest durable checkpoint it follows. */
export interface HeadFields extends ChainState {
  checkpointNumber: number;
  checkpointMac: string;
}

export function emptyState(category: string, at: string): ChainState {
  return { category, seq: 0, hash: GENESIS_HASH, count: 0, anchorSeq: 0, anchorHash: GENESIS_HASH, legacyUntil: 0, at };
}

function stateOf(s: ChainState): ChainState {
  const { category, seq, hash, count, anchorSeq, anchorHash, legacyUntil, at } = s;
  return { category, seq, hash, count, anchorSeq, anchorHash, legacyUntil, at };
}

function checkpointText(c: CheckpointFields, keyId: string): string {
  return canonicalJson({ checkpoint: { ...stateOf(c), number: c.number, kind: c.kind, prevMac: c.prevMac }, keyId });
}

function headText(h: HeadFields, keyId: string): string {
  return canonicalJson({ head: { ...stateOf(h), checkpointNumber: h.checkpointNumber, checkpointMac: h.checkpointMac }, keyId });
}

export function signCheckpoint(ring: KeyRing, c: CheckpointFields): { keyId: string; mac: string } {
  return auditMac(ring, checkpointText(c, ring.activeAudit.id));
}

export function signHead(ring: KeyRing, h: HeadFields): { keyId: string; mac: string } {
  return auditMac(ring, headText(h, ring.activeAudit.id));
}

/** True / false when the ring holds the key; null when it does not. */
export function checkpointMacMatches(ring: KeyRing, c: CheckpointFields, keyId: string, mac: string): boolean | null {
  const expected = auditMacWith(ring, keyId, checkpointText(c, keyId));
  return expected === null ? null : expected === mac;
}

export function headMacMatches(ring: KeyRing, h: HeadFields, keyId: string, mac: string): boolean | null {
  const expected = auditMacWith(ring, keyId, headText(h, keyId));
  return expected === null ? null : expected === mac;
}

/** Whether an append at `state` (just written) is due a durable checkpoint. */
export function checkpointDue(
  state: ChainState,
  last: { seq: number; at: string } | null,
  policy: { everyEntries: number; intervalMs: number },
): boolean {
  if (state.seq === 0) return false;
  // A chain's first entry gets a checkpoint at once; then every N entries or every interval.
  if (!last) return true;
  if (state.seq - last.seq >= policy.everyEntries) return true;
  return Date.parse(state.at) - Date.parse(last.at) >= policy.intervalMs && state.seq > last.seq;
}
