import type { KeyRing } from '@orgo/security';

import { type CheckpointFields, type HeadFields, checkpointMacMatches, headMacMatches } from './audit-checkpoint';
import { GENESIS_HASH, type HashedFields, expectedEntryHash, expectedErasureMac, legacyEntryHash } from './audit-hash';

/** An entry as the verifier reads it. */
export interface ChainEntry extends HashedFields {
  hash: string;
  keyId: string | null;
  erasedAt: string | null;
  erasureMac: string | null;
}

export interface StoredCheckpoint extends CheckpointFields {
  keyId: string;
  mac: string;
}

export interface StoredHead extends HeadFields {
  keyId: string;
  mac: string;
}

/** What happened to the trail, as `orgo audit verify` names it. Persisted in reports: do not rename. */
export type ChainBreakKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'wrong-key';

export interface ChainBreak {
  category: string;
  /** The seq where the chain breaks (for a deletion: the first missing seq). */
  seq: number | null;
  /** The entry found there (for a deletion: the entry after the gap); null for a head or checkpoint. */
  id: string | null;
  what: ChainBreakKind;
  message: string;
}

export interface ChainReport {
  category: string;
  /** Entries in the chain (erased ones included). */
  entries: number;
  erased: number;
  /** Unkeyed entries from before the chain was keyed, accepted up to the adoption checkpoint. */
  legacy: number;
  /** The newest seq and the retention anchor the oldest kept entry links to. */
  seq: number;
  anchorSeq: number;
  checkpoints: number;
  /** Entries per organization (`-` for none). */
  organizations: Record<string, number>;
  broken: ChainBreak | null;
}

export interface ChainInput {
  category: string;
  /** In seq order. */
  entries: ChainEntry[];
  head: StoredHead | null;
  /** In number order. */
  checkpoints: StoredCheckpoint[];
  /** Every chain has a head once the trail is keyed: a missing one is a deletion even when the chain is empty. */
  headRequired?: boolean;
}

type EntryProblem = { kind: 'unknown-key'; keyId: string } | { kind: 'unkeyed' } | { kind: 'plain-sha256' } | { kind: 'mismatch' };

/** Why an entry's hash (or erasure MAC) does not hold at `seq`; null when it does. */
function entryProblem(ring: KeyRing, e: ChainEntry, seq: number, legacyUntil: number): EntryProblem | null {
  const fields = { ...e, seq };
  if (e.erasedAt !== null) {
    if (e.keyId === null || e.erasureMac === null) return { kind: 'unkeyed' };
    const expected = expectedErasureMac(ring, { ...fields, erasedAt: e.erasedAt }, e.keyId);
    if (expected === null) return { kind: 'unknown-key', keyId: e.keyId };
    return expected === e.erasureMac ? null : { kind: 'mismatch' };
  }
  if (e.keyId === null) {
    if (seq > legacyUntil) return { kind: 'unkeyed' };
    return legacyEntryHash(fields) === e.hash ? null : { kind: 'mismatch' };
  }
  const expected = expectedEntryHash(ring, fields, e.keyId);
  if (expected === null) return { kind: 'unknown-key', keyId: e.keyId };
  if (expected === e.hash) return null;
  return legacyEntryHash(fields) === e.hash ? { kind: 'plain-sha256' } : { kind: 'mismatch' };
}

/**
 * Verifies one category's chain (ADR 0007): the checkpoints' own chain, the signed head, then every
 * entry in seq order (its HMAC under the key it names, its link to the entry before, the seq after
 * the retention anchor), and finally that the head and every checkpoint sign entries that exist.
 * Names the first break and what it looks like.
 */
export function verifyChain(input: ChainInput, ring: KeyRing): ChainReport {
  const { category, entries, head, checkpoints } = input;
  const organizations: Record<string, number> = {};
  for (const e of entries) organizations[e.organization ?? '-'] = (organizations[e.organization ?? '-'] ?? 0) + 1;
  const report: ChainReport = {
    category,
    entries: entries.length,
    erased: entries.filter((e) => e.erasedAt !== null).length,
    legacy: entries.filter((e) => e.keyId === null).length,
    seq: head?.seq ?? entries.at(-1)?.seq ?? 0,
    anchorSeq: head?.anchorSeq ?? 0,
    checkpoints: checkpoints.length,
    organizations,
    broken: null,
  };
  report.broken = findBreak(category, entries, head, checkpoints, ring, input.headRequired ?? false);
  return report;
}

function findBreak(
  category: string,
  entries: ChainEntry[],
  head: StoredHead | null,
  checkpoints: StoredCheckpoint[],
  ring: KeyRing,
  headRequired: boolean,
): ChainBreak | null {
  const broken = (what: ChainBreakKind, seq: number | null, id: string | null, message: string): ChainBreak => ({ category, seq, id, what, message });
  const name = (e: ChainEntry) => `${category} entry ${e.seq} (id ${e.id})`;

  let prevMac = GENESIS_HASH;
  for (const [i, c] of checkpoints.entries()) {
    if (c.number !== i + 1) return broken('deleted', c.seq, null, `checkpoint #${i + 1} of the ${category} chain is missing (the next one is #${c.number})`);
    const valid = checkpointMacMatches(ring, c, c.keyId, c.mac);
    if (valid === null) return broken('wrong-key', c.seq, null, `checkpoint #${c.number} of the ${category} chain is signed with audit key '${c.keyId}', which the key ring does not hold`);
    if (!valid) return broken('edited', c.seq, null, `checkpoint #${c.number} of the ${category} chain does not match its signature`);
    if (c.prevMac !== prevMac) return broken('deleted', c.seq, null, `checkpoint #${c.number} of the ${category} chain does not follow checkpoint #${i}`);
    prevMac = c.mac;
  }
  const lastCheckpoint = checkpoints.at(-1);

  if (!head) {
    if (!entries.length && !checkpoints.length && !headRequired) return null;
    const seq = entries.at(-1)?.seq ?? lastCheckpoint?.seq ?? null;
    return broken('deleted', seq, null, `the signed head of the ${category} chain is missing`);
  }
  const headValid = headMacMatches(ring, head, head.keyId, head.mac);
  if (headValid === null) return broken('wrong-key', head.seq, null, `the head of the ${category} chain is signed with audit key '${head.keyId}', which the key ring does not hold`);
  if (!headValid) return broken('edited', head.seq, null, `the head of the ${category} chain does not match its signature`);
  if (head.checkpointNumber !== (lastCheckpoint?.number ?? 0) || head.checkpointMac !== (lastCheckpoint?.mac ?? GENESIS_HASH)) {
    return head.checkpointNumber < (lastCheckpoint?.number ?? 0)
      ? broken('truncated', lastCheckpoint?.seq ?? null, null, `the head of the ${category} chain follows checkpoint #${head.checkpointNumber}, but checkpoint #${lastCheckpoint?.number} exists: the head was put back to an older one`)
      : broken('deleted', head.seq, null, `the head of the ${category} chain follows checkpoint #${head.checkpointNumber}, which is missing`);
  }

  let expectedSeq = head.anchorSeq + 1;
  let prev = head.anchorHash;
  for (const [i, e] of entries.entries()) {
    if (e.seq < expectedSeq) return broken('inserted', e.seq, e.id, `${name(e)} lies at or before the chain's retention anchor (seq ${head.anchorSeq})`);
    const problem = entryProblem(ring, e, e.seq, head.legacyUntil);
    if (e.seq > head.seq) {
      return problem
        ? broken('inserted', e.seq, e.id, `${name(e)} is newer than the signed head (seq ${head.seq}) and does not match its HMAC: a forged row`)
        : broken('truncated', e.seq, e.id, `${name(e)} is newer than the signed head (seq ${head.seq}): the head was put back to an older one`);
    }
    if (problem) return classify(e, i, problem);
    if (e.seq > expectedSeq) {
      const missing = e.seq - expectedSeq === 1 ? `entry ${expectedSeq} is` : `entries ${expectedSeq}–${e.seq - 1} are`;
      return broken('deleted', expectedSeq, e.id, `${category} ${missing} missing: ${name(e)} links to an entry that was deleted`);
    }
    if (e.prevHash !== prev) {
      return i === 0
        ? broken('deleted', e.seq, e.id, `${name(e)} does not link to the chain's anchor (seq ${head.anchorSeq}): entries before it were deleted`)
        : broken('reordered', e.seq, e.id, `${name(e)} does not link to entry ${entries[i - 1].seq}: entries were moved`);
    }
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }

  const newest = expectedSeq - 1;
  const beyond = checkpoints.filter((c) => c.seq > newest && c.seq > head.anchorSeq);
  if (beyond.length) {
    const c = beyond[0];
    return broken('truncated', c.seq, null, `truncated: the checkpoint at seq ${c.seq} (#${c.number}) signs a ${category} entry that is missing; the newest entry is seq ${newest}`);
  }
  if (head.seq > newest) {
    return broken('truncated', head.seq, null, `truncated: the head at seq ${head.seq} signs a ${category} entry that is missing; the newest entry is seq ${newest}`);
  }
  if (head.seq > head.anchorSeq && prev !== head.hash) return broken('edited', head.seq, entries.at(-1)?.id ?? null, `the head of the ${category} chain signs a different entry ${head.seq}`);
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  for (const c of checkpoints) {
    const e = bySeq.get(c.seq);
    if (e && e.hash !== c.hash) return broken('edited', c.seq, e.id, `checkpoint #${c.number} signs a different ${name(e)}`);
  }
  if (head.count !== entries.length) return broken('deleted', null, null, `the head of the ${category} chain counts ${head.count} entries, ${entries.length} are there`);
  return null;

  function classify(e: ChainEntry, i: number, problem: EntryProblem): ChainBreak {
    if (problem.kind === 'unknown-key') return broken('wrong-key', e.seq, e.id, `${name(e)} is signed with audit key '${problem.keyId}', which the key ring does not hold`);
    if (problem.kind === 'unkeyed') return broken('wrong-key', e.seq, e.id, `${name(e)} carries no audit key id where the chain is keyed: it was written or recomputed without the key`);
    if (problem.kind === 'plain-sha256') return broken('wrong-key', e.seq, e.id, `${name(e)} has a plain sha256 hash, not the HMAC of audit key '${e.keyId}': the chain was recomputed without the key`);
    const legacyUntil = head!.legacyUntil;
    const linkedFrom = entries.findIndex((other) => other.hash === e.prevHash);
    if (linkedFrom > i) {
      return broken('reordered', e.seq, e.id, `${name(e)} links to the entry now at seq ${entries[linkedFrom].seq}, after it: entries were reordered`);
    }
    const moved = [-1, 1].find((d) => e.seq + d > 0 && !entryProblem(ring, e, e.seq + d, legacyUntil));
    if (moved === 1) return broken('deleted', e.seq, e.id, `${name(e)} was signed at seq ${e.seq + 1}: an entry before it was deleted and the rest renumbered`);
    const next = entries[i + 1];
    if ((moved === -1 && e.prevHash === prev) || (next && next.prevHash === prev && !entryProblem(ring, next, next.seq - 1, legacyUntil))) {
      return broken('inserted', e.seq, e.id, `${name(e)} is not part of the chain: a forged row was inserted`);
    }
    if (moved === -1) return broken('inserted', e.seq, e.id, `${name(e)} was signed at seq ${e.seq - 1}: a row was inserted before it`);
    if (next && next.prevHash === e.hash && entryProblem(ring, next, next.seq, legacyUntil)) {
      return broken('wrong-key', e.seq, e.id, `${name(e)} and the entries after it link to each other but do not match their HMACs: the chain was recomputed without the key`);
    }
    if (e.erasedAt !== null) return broken('edited', e.seq, e.id, `${name(e)} (erased by retention) does not match its erasure MAC`);
    return broken('edited', e.seq, e.id, `${name(e)} does not match its ${e.keyId === null ? 'legacy sha256 hash' : `HMAC (audit key '${e.keyId}')`}: it was edited`);
  }
}
