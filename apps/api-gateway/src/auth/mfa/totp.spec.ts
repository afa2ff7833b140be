import { createHmac } from 'node:crypto';

import { acceptedTotpStep, isTotpSecret, newTotpSecret, totpCode, totpUri } from './totp';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const now = new Date('2026-05-01T10:00:10.000Z');

/** RFC 6238 by hand (as the acceptance runner computes it), to check the library against the standard. */
function rfc6238(secret: string, at: Date): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('TOTP', () => {
  it('computes the RFC 6238 code (SHA-1, 30 s, 6 digits)', () => {
    expect(totpCode(SECRET, now)).toBe(rfc6238(SECRET, now));
  });

  it('accepts the current code and one step of drift, and names its step', () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(acceptedTotpStep(SECRET, totpCode(SECRET, now), null, now)).toBe(step);
    expect(acceptedTotpStep(SECRET, totpCode(SECRET, new Date(now.getTime() - 30_000)), null, now)).toBe(step - 1);
    expect(acceptedTotpStep(SECRET, totpCode(SECRET, new Date(now.getTime() - 90_000)), null, now)).toBeNull();
    expect(acceptedTotpStep(SECRET, 'abcdef', null, now)).toBeNull();
  });

  it('refuses a code of a step used already (replay)', () => {
    const code = totpCode(SECRET, now);
    const step = acceptedTotpStep(SECRET, code, null, now)!;
    expect(acceptedTotpStep(SECRET, code, step, now)).toBeNull();
    expect(acceptedTotpStep(SECRET, totpCode(SECRET, new Date(now.getTime() + 30_000)), step, now)).toBe(step + 1);
  });

  it('makes secrets and otpauth URIs an authenticator app takes', () => {
    const secret = newTotpSecret();
    expect(isTotpSecret(secret)).toBe(true);
    expect(isTotpSecret('not base32!')).toBe(false);
    // 24 characters are 120 bits: too short for the verifier, refused at start rather than at every sign-in.
    expect(isTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DP')).toBe(false);
    expect(isTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DPEH')).toBe(true);
    expect(totpUri(secret, 'ana@orgo.test')).toMatch(new RegExp(`^otpauth://totp/Orgo:ana%40orgo.test\\?secret=${secret}&issuer=Orgo`));
  });
});
