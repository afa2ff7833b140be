import { createHmac } from 'node:crypto';

import { type ChainInput, verifyChain } from './audit-chain-verifier';
import { checkpointOf, headOf, signedChain, testRing } from './audit-chain.test-support';
import { emptyState } from './audit-checkpoint';
import { GENESIS_HASH, canonicalJson, legacyEntryHash, signErasure } from './audit-hash';

const ring = testRing(['a1']);
const broken = (input: ChainInput, r = ring) => verifyChain(input, r).broken;

describe('verifying a keyed chain', () => {
  it('an untouched chain verifies, with counts per organization', () => {
    const report = verifyChain(signedChain(ring, 7), ring);
    expect(report).toMatchObject({ broken: null, entries: 7, seq: 7, checkpoints: 3, organizations: { northside: 4, riverside: 3 } });
  });

  it('verifies entries signed with an older key of the ring', () => {
    const chain = signedChain(testRing(['a1']), 5);
    expect(broken(chain, testRing(['a2', 'a1']))).toBeNull();
    expect(broken(chain, testRing(['a2']))).toMatchObject({ what: 'wrong-key', message: expect.stringContaining("audit key 'a1', which the key ring does not hold") });
  });

  it('names an edited entry', () => {
    const chain = signedChain(ring, 6);
    chain.entries[2] = { ...chain.entries[2], details: { b: 3 } };
    expect(broken(chain)).toMatchObject({ what: 'edited', seq: 3, id: 'id-3' });
  });

  it('names a deleted middle entry: the missing seq and the entry after it', () => {
    const chain = signedChain(ring, 6);
    chain.entries.splice(3, 1);
    expect(broken(chain)).toMatchObject({ what: 'deleted', seq: 4, id: 'id-5' });
  });

  it('names a deletion closed up by renumbering the entries after it', () => {
    const chain = signedChain(ring, 6);
    chain.entries.splice(3, 1);
    for (const e of chain.entries.slice(3)) e.seq -= 1;
    expect(broken(chain)).toMatchObject({ what: 'deleted', seq: 4, id: 'id-5' });
  });

  it('names a forged row inserted in the middle (the entries after it renumbered)', () => {
    const chain = signedChain(ring, 6);
    for (const e of chain.entries.slice(3)) e.seq += 1;
    const forged = { ...chain.entries[2], id: 'forged', seq: 4, prevHash: chain.entries[2].hash, hash: 'f'.repeat(64), details: { forged: true } };
    chain.entries.splice(3, 0, forged);
    expect(broken(chain)).toMatchObject({ what: 'inserted', seq: 4, id: 'forged' });
  });

  it('names a forged row appended after the signed head', () => {
    const chain = signedChain(ring, 6);
    chain.entries.push({ ...chain.entries[5], id: 'forged', seq: 7, prevHash: chain.entries[5].hash, hash: 'f'.repeat(64) });
    expect(broken(chain)).toMatchObject({ what: 'inserted', seq: 7, id: 'forged' });
  });

  it('names two entries swapped (their seq exchanged)', () => {
    const chain = signedChain(ring, 6);
    const [a, b] = [chain.entries[2], chain.entries[3]];
    chain.entries[2] = { ...b, seq: 3 };
    chain.entries[3] = { ...a, seq: 4 };
    expect(broken(chain)).toMatchObject({ what: 'reordered', seq: 3, id: 'id-4' });
  });

  it('names a truncation at the checkpoint that signs a missing entry', () => {
    const chain = signedChain(ring, 7);
    chain.entries.splice(5);
    expect(broken(chain)).toMatchObject({ what: 'truncated', seq: 6, message: expect.stringMatching(/^truncated: the checkpoint at seq 6 \(#3\) signs a task entry that is missing; the newest entry is seq 5$/) });
  });

  it('names a truncation of the entries after the newest checkpoint through the head', () => {
    const chain = signedChain(ring, 7);
    chain.entries.splice(6);
    expect(broken(chain)).toMatchObject({ what: 'truncated', seq: 7, message: expect.stringContaining('the head at seq 7 signs a task entry that is missing') });
  });

  it('names a head put back to an older copy after the newest entries and checkpoint were deleted', () => {
    const old = signedChain(ring, 5);
    const chain = signedChain(ring, 7);
    chain.entries.splice(5);
    expect(broken({ ...chain, head: old.head })).toMatchObject({ what: 'truncated' });
  });

  it('names a chain recomputed without the key: plain sha256', () => {
    const chain = signedChain(ring, 5);
    let prev = GENESIS_HASH;
    for (const e of chain.entries) {
      e.prevHash = prev;
      e.hash = legacyEntryHash(e);
      prev = e.hash;
    }
    expect(broken(chain)).toMatchObject({ what: 'wrong-key', seq: 1, message: expect.stringContaining('plain sha256') });
    for (const e of chain.entries) e.keyId = null;
    expect(broken(chain)).toMatchObject({ what: 'wrong-key', seq: 1, message: expect.stringContaining('carries no audit key id') });
  });

  it('names a chain recomputed with a wrong key under the right key id', () => {
    const chain = signedChain(ring, 5);
    let prev = GENESIS_HASH;
    for (const e of chain.entries) {
      e.prevHash = prev;
      const { hash: _h, erasedAt: _e, erasureMac: _m, keyId, ...fields } = e;
      e.hash = createHmac('sha256', Buffer.alloc(32, 7)).update(canonicalJson({ ...fields, keyId })).digest('hex');
      prev = e.hash;
    }
    expect(broken(chain)).toMatchObject({ what: 'wrong-key', seq: 1, message: expect.stringContaining('recomputed without the key') });
  });

  it('names an edited, a deleted and a forged checkpoint, and a missing head', () => {
    const edited = signedChain(ring, 7);
    edited.checkpoints[1] = { ...edited.checkpoints[1], seq: 2 };
    expect(broken(edited)).toMatchObject({ what: 'edited', message: expect.stringContaining('checkpoint #2') });
    const deleted = signedChain(ring, 7);
    deleted.checkpoints.splice(1, 1);
    expect(broken(deleted)).toMatchObject({ what: 'deleted', message: expect.stringContaining('checkpoint #2 of the task chain is missing') });
    const headless = signedChain(ring, 3);
    expect(broken({ ...headless, head: null })).toMatchObject({ what: 'deleted', message: expect.stringContaining('head') });
    expect(broken({ category: 'system', entries: [], checkpoints: [], head: null, headRequired: true })).toMatchObject({ what: 'deleted' });
    expect(broken({ category: 'system', entries: [], checkpoints: [], head: null })).toBeNull();
  });

  it('accepts unkeyed legacy entries up to the adopted checkpoint, and none after', () => {
    const entries = signedChain(ring, 4).entries.map((e) => ({ ...e, keyId: null }));
    let prev = GENESIS_HASH;
    for (const e of entries) {
      e.prevHash = prev;
      e.hash = legacyEntryHash(e);
      prev = e.hash;
    }
    const state = { ...emptyState('task', '2026-11-24T00:00:00.000Z'), seq: 3, hash: entries[2].hash, count: 3, legacyUntil: 3 };
    const adopted = checkpointOf(ring, state, undefined, 'adopted');
    expect(broken({ category: 'task', entries: entries.slice(0, 3), checkpoints: [adopted], head: headOf(ring, state, adopted) })).toBeNull();
    const grown = { ...state, seq: 4, hash: entries[3].hash, count: 4 };
    expect(broken({ category: 'task', entries, checkpoints: [adopted], head: headOf(ring, grown, adopted) })).toMatchObject({ what: 'wrong-key', seq: 4 });
  });

  it('follows a retention anchor and accepts signed erasures, not unsigned ones', () => {
    const chain = signedChain(ring, 6);
    const kept = chain.entries.slice(2);
    const erasedAt = '2027-12-01T00:00:00.000Z';
    const target = kept[1];
    const erasure = signErasure(ring, { ...target, erasedAt });
    kept[1] = { ...target, actor: '', details: {}, taskId: null, label: null, erasedAt, keyId: erasure.keyId, erasureMac: erasure.mac };
    const state = { category: 'task', seq: 6, hash: chain.entries[5].hash, count: 4, anchorSeq: 2, anchorHash: chain.entries[1].hash, legacyUntil: 0, at: erasedAt };
    const checkpoints = [...chain.checkpoints, checkpointOf(ring, state, chain.checkpoints.at(-1), 'retention')];
    const input = { category: 'task', entries: kept, checkpoints, head: headOf(ring, state, checkpoints.at(-1)) };
    expect(verifyChain(input, ring)).toMatchObject({ broken: null, entries: 4, erased: 1, anchorSeq: 2 });
    expect(broken({ ...input, entries: kept.slice(1) })).toMatchObject({ what: 'deleted', seq: 3 });
    const forgedErasure = { ...input, entries: kept.map((e, i) => (i === 2 ? { ...e, details: {}, erasedAt, erasureMac: 'e'.repeat(64) } : e)) };
    expect(broken(forgedErasure)).toMatchObject({ what: 'edited', seq: 5, message: expect.stringContaining('erasure MAC') });
  });
});
