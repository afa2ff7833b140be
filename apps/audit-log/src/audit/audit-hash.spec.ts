import { createHmac } from 'node:crypto';

import { canonicalJson, expectedEntryHash, legacyEntryHash, signEntry, signErasure, expectedErasureMac } from './audit-hash';
import { testRing } from './audit-chain.test-support';

const fields = {
  id: 'id-1',
  category: 'task',
  seq: 1,
  at: '2026-11-23T12:00:01.000Z',
  organization: 'northside',
  action: 'task.maintenance.created',
  actor: 'task-service',
  messageId: 'm-1',
  taskId: 't-1',
  emailId: null,
  label: '1001.81.Ops.Maintenance',
  details: { b: 2 },
  prevHash: '0'.repeat(64),
};

describe('audit entry hashes', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [2, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[2,{"e":0,"f":1}],"d":1},"b":1}');
  });

  it('signs an entry with the active audit key: an HMAC-SHA256 over its fields and key id, not a plain sha256', () => {
    const ring = testRing(['a2', 'a1']);
    const { keyId, hash } = signEntry(ring, fields);
    expect(keyId).toBe('a2');
    expect(hash).toBe(createHmac('sha256', ring.auditKey('a2') as Buffer).update(canonicalJson({ ...fields, keyId: 'a2' })).digest('hex'));
    expect(hash).not.toBe(legacyEntryHash(fields));
  });

  it('verifies with the key an entry names, an older key of the ring included; null when the ring lacks it', () => {
    const old = testRing(['a1']);
    const { hash } = signEntry(old, fields);
    const rotated = testRing(['a2', 'a1']);
    expect(expectedEntryHash(rotated, fields, 'a1')).toBe(hash);
    expect(expectedEntryHash(rotated, fields, 'a2')).not.toBe(hash);
    expect(expectedEntryHash(testRing(['a2']), fields, 'a1')).toBeNull();
  });

  it('any change of a field changes the HMAC', () => {
    const ring = testRing();
    const { hash } = signEntry(ring, fields);
    for (const change of [{ seq: 2 }, { actor: 'x' }, { details: { b: 3 } }, { prevHash: 'f'.repeat(64) }, { organization: null }]) {
      expect(expectedEntryHash(ring, { ...fields, ...change }, 'a1')).not.toBe(hash);
    }
  });

  it('the legacy hash is the unkeyed sha256 of before (entries written before the chain was keyed)', () => {
    expect(legacyEntryHash(fields)).toMatch(/^[0-9a-f]{64}$/);
    expect(legacyEntryHash({ ...fields, extra: 1 } as typeof fields)).toBe(legacyEntryHash(fields));
  });

  it('an erasure is signed over what an erased entry keeps', () => {
    const ring = testRing();
    const erased = { ...fields, hash: 'a'.repeat(64), erasedAt: '2027-12-01T00:00:00.000Z' };
    const { keyId, mac } = signErasure(ring, erased);
    expect(expectedErasureMac(ring, erased, keyId)).toBe(mac);
    expect(expectedErasureMac(ring, { ...erased, seq: 2 }, keyId)).not.toBe(mac);
  });
});
