import { testRing } from './audit-chain.test-support';
import { checkpointDue, checkpointMacMatches, emptyState, headMacMatches, signCheckpoint, signHead } from './audit-checkpoint';
import { GENESIS_HASH } from './audit-hash';

const policy = { everyEntries: 100, intervalMs: 300_000 };
const state = (seq: number, at = '2026-11-24T10:00:00.000Z') => ({ ...emptyState('task', at), seq, count: seq, hash: 'a'.repeat(64) });

describe('checkpoints', () => {
  it("are due at a chain's first entry, then every N entries or after the interval", () => {
    expect(checkpointDue(state(0), null, policy)).toBe(false);
    expect(checkpointDue(state(1), null, policy)).toBe(true);
    expect(checkpointDue(state(50), { seq: 1, at: '2026-11-24T09:58:00.000Z' }, policy)).toBe(false);
    expect(checkpointDue(state(101), { seq: 1, at: '2026-11-24T09:58:00.000Z' }, policy)).toBe(true);
    expect(checkpointDue(state(50), { seq: 1, at: '2026-11-24T09:55:00.000Z' }, policy)).toBe(true);
  });

  it('sign the state, the number, the kind and the previous checkpoint', () => {
    const ring = testRing();
    const c = { ...state(5), number: 2, kind: 'periodic' as const, prevMac: GENESIS_HASH };
    const { keyId, mac } = signCheckpoint(ring, c);
    expect(checkpointMacMatches(ring, c, keyId, mac)).toBe(true);
    for (const change of [{ seq: 4 }, { number: 3 }, { kind: 'retention' as const }, { prevMac: 'b'.repeat(64) }, { anchorSeq: 1 }, { legacyUntil: 9 }, { count: 4 }]) {
      expect(checkpointMacMatches(ring, { ...c, ...change }, keyId, mac)).toBe(false);
    }
    expect(checkpointMacMatches(testRing(['other']), c, keyId, mac)).toBeNull();
  });

  it('a head signs its state and the newest checkpoint it follows, differently from a checkpoint', () => {
    const ring = testRing();
    const h = { ...state(5), checkpointNumber: 2, checkpointMac: 'c'.repeat(64) };
    const { keyId, mac } = signHead(ring, h);
    expect(headMacMatches(ring, h, keyId, mac)).toBe(true);
    expect(headMacMatches(ring, { ...h, checkpointNumber: 1 }, keyId, mac)).toBe(false);
    expect(signCheckpoint(ring, { ...state(5), number: 2, kind: 'periodic', prevMac: 'c'.repeat(64) }).mac).not.toBe(mac);
  });
});
