import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Follow-up codes of web reports (shown once to the reporter): 16 characters of Crockford's base32
 * (80 random bits) in four groups of four, `7K3M-Q9TZ-0XWB-H2R5`. Typed back, they are read
 * leniently the Crockford way: case, spaces and dashes do not matter, `O` reads as 0 and `I`/`L` as 1.
 * Only a keyed hash of a code is ever stored.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;

export function newFollowUpCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The canonical form of a typed code (16 alphabet characters), or null when it cannot be one. */
export function normalizeFollowUpCode(typed: unknown): string | null {
  if (typeof typed !== 'string' || typed.length > 40) return null;
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== LENGTH) return null;
  for (const c of plain) if (!CROCKFORD_ALPHABET.includes(c)) return null;
  return plain;
}

/** The stored form of a code: HMAC-SHA256 under the installation's key, hex. */
export function followUpCodeHash(key: Buffer, code: string): string {
  return createHmac('sha256', key).update(`orgo:follow-up-code\u0000${code}`).digest('hex');
}

/** Constant-time equality of two hashes (hex of equal length). */
export function sameCodeHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
