import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { blindIndex } from './blind-index';
import { KeyRing } from './key-ring';
import { keyFilePath, keySource, resolveKeyRing } from './load-key-ring';
import { isSealed, reseal, seal, sealedKeyId, unseal } from './seal';

const key = () => randomBytes(32);
const ring = (ids = ['k1']) => new KeyRing(ids.map((id) => ({ id, key: key() })), key(), [{ id: 'a1', key: key() }]);

describe('sealed values', () => {
  it('round-trips and carries the key id, never the plaintext', () => {
    const r = ring();
    const sealed = seal(r, 'maria.lopez@example.org');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('maria');
    expect(sealedKeyId(sealed)).toBe('k1');
    expect(unseal(r, sealed)).toBe('maria.lopez@example.org');
    expect(seal(r, 'same')).not.toBe(seal(r, 'same'));
  });

  it('refuses a tampered value', () => {
    const r = ring();
    const sealed = seal(r, 'secret');
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(() => unseal(r, `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`)).toThrow(/does not authenticate/);
  });

  it('reads values of retired keys and reseals them with the active one', () => {
    const old = ring(['k1']);
    const sealed = seal(old, 'x');
    const rotated = new KeyRing([{ id: 'k2', key: key() }, old.encryption[0]], old.index, old.audit);
    const again = reseal(rotated, sealed)!;
    expect(sealedKeyId(again)).toBe('k2');
    expect(unseal(rotated, again)).toBe('x');
    expect(reseal(rotated, again)).toBeNull();
    expect(() => unseal(ring(['k9']), sealed)).toThrow(/key 'k1'/);
  });

  it('fingerprints identities per scope, case-insensitively', () => {
    const r = ring();
    expect(blindIndex(r, 'org', ' A@B.org ')).toBe(blindIndex(r, 'org', 'a@b.org'));
    expect(blindIndex(r, 'org', 'a@b.org')).not.toBe(blindIndex(r, 'other', 'a@b.org'));
  });
});

describe('resolveKeyRing', () => {
  const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-keys-'));

  it('generates a ring on the first standalone start and reads the same one after', () => {
    const dir = home();
    const told: string[] = [];
    const first = resolveKeyRing({ env: {}, security: {}, home: dir, shape: 'standalone' }, (f) => told.push(f));
    expect(told).toEqual([keyFilePath(dir)]);
    expect((fs.statSync(keyFilePath(dir)).mode & 0o777).toString(8)).toBe('600');
    const sealed = seal(first, 'v');
    const second = resolveKeyRing({ env: {}, security: {}, home: dir, shape: 'standalone' });
    expect(unseal(second, sealed)).toBe('v');
  });

  it('stops a distributed service without keys, saying what to set', () => {
    expect(() => resolveKeyRing({ env: {}, security: {}, home: home(), shape: 'distributed' })).toThrow(/ORGO_ENCRYPTION_KEYS/);
  });

  it('reads keys from the environment, newest first', () => {
    const env = {
      ORGO_ENCRYPTION_KEYS: `k2:${key().toString('base64')},k1:${key().toString('base64')}`,
      ORGO_INDEX_KEY: key().toString('base64'),
      ORGO_AUDIT_KEYS: `a1:${key().toString('base64')}`,
    };
    const r = resolveKeyRing({ env, security: {}, home: home(), shape: 'distributed' });
    expect(r.activeEncryption.id).toBe('k2');
    expect(() => resolveKeyRing({ env: { ...env, ORGO_INDEX_KEY: 'c2hvcnQ=' }, security: {}, home: home(), shape: 'distributed' })).toThrow(/32 bytes/);
    expect(() => resolveKeyRing({ env: { ORGO_INDEX_KEY: env.ORGO_INDEX_KEY }, security: {}, home: home(), shape: 'distributed' })).toThrow(/missing ORGO_ENCRYPTION_KEYS, ORGO_AUDIT_KEYS/);
  });

  it('agrees with every reader on the source: environment, then security files, then ORGO_KEY_FILE, then the home', () => {
    const keys = { encryption: [{ id: 'k1', key: key().toString('base64') }], index: key().toString('base64'), audit: [{ id: 'a1', key: key().toString('base64') }] };
    const dir = home();
    expect(keySource({ env: { ORGO_INDEX_KEY: 'x', ORGO_KEY_FILE: '/k.json' }, security: { keys }, home: dir })).toEqual({ kind: 'environment' });
    expect(keySource({ env: { ORGO_KEY_FILE: '/k.json' }, security: { keys }, home: dir })).toEqual({ kind: 'security' });
    expect(keySource({ env: { ORGO_KEY_FILE: '/k.json' }, security: {}, home: dir })).toEqual({ kind: 'file', file: '/k.json', named: true });
    expect(keySource({ env: {}, security: {}, home: dir })).toEqual({ kind: 'file', file: keyFilePath(dir), named: false });
    expect(resolveKeyRing({ env: { ORGO_KEY_FILE: '/nowhere.json' }, security: { keys }, home: dir, shape: 'distributed' }).activeEncryption.id).toBe('k1');
  });
});
