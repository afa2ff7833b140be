import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Proof of work for public forms (the web intake), without a third-party service. The server hands
 * out a signed, expiring challenge; the client finds a `nonce` such that
 * `sha256("<token>:<nonce>")` begins with `difficulty` zero bits (about 2^difficulty hashes: at 18,
 * a second or so in a browser with crypto.subtle); the server checks it with one HMAC and one hash.
 * Whether a token was used already is the caller's to remember (until `expiresAt`).
 *
 * Token: `v1.<expires, unix seconds>.<difficulty>.<16 random bytes, base64url>.<mac, base64url>`,
 * the mac an HMAC-SHA256 over the first four parts and the scope the token was issued for.
 */
export interface ProofOfWorkChallenge {
  token: string;
  difficulty: number;
  expiresAt: Date;
}

export type ProofOfWorkVerdict =
  | { ok: true; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'insufficient' };

/** The nonce a client sends: 1–64 letters, digits, `-` or `_` (a decimal counter is enough). */
const NONCE = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^v1\.(\d{1,12})\.(\d{1,2})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export const MIN_DIFFICULTY = 1;
export const MAX_DIFFICULTY = 32;

export function issueChallenge(key: Buffer, scope: string, difficulty: number, ttlSeconds: number, now: Date): ProofOfWorkChallenge {
  if (!Number.isInteger(difficulty) || difficulty < MIN_DIFFICULTY || difficulty > MAX_DIFFICULTY) {
    throw new RangeError(`difficulty must be a whole number from ${MIN_DIFFICULTY} to ${MAX_DIFFICULTY}`);
  }
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const body = `v1.${expires}.${difficulty}.${randomBytes(16).toString('base64url')}`;
  return { token: `${body}.${mac(key, body, scope)}`, difficulty, expiresAt: new Date(expires * 1000) };
}

/** Checks a token issued for `scope` and its nonce: signature, expiry, then the work. */
export function verifyProofOfWork(key: Buffer, scope: string, token: unknown, nonce: unknown, now: Date): ProofOfWorkVerdict {
  if (typeof token !== 'string' || typeof nonce !== 'string' || !NONCE.test(nonce)) return { ok: false, reason: 'malformed' };
  const parts = TOKEN.exec(token);
  if (!parts) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, token.lastIndexOf('.'));
  const expected = Buffer.from(mac(key, body, scope));
  const given = Buffer.from(parts[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  const expiresAt = new Date(Number(parts[1]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const difficulty = Number(parts[2]);
  if (leadingZeroBits(createHash('sha256').update(`${token}:${nonce}`).digest()) < difficulty) return { ok: false, reason: 'insufficient' };
  return { ok: true, expiresAt };
}

/** Zero bits at the start of a digest, most significant bit of the first byte first. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** What a client does (tests, the CLI): counts up from 0 until the hash has the zero bits. */
export function solveChallenge(token: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    if (leadingZeroBits(createHash('sha256').update(`${token}:${n}`).digest()) >= difficulty) return String(n);
  }
}

/** A fingerprint of a token, to remember it as used without storing it. */
export function challengeFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function mac(key: Buffer, body: string, scope: string): string {
  return createHmac('sha256', key).update(`${body}\u0000${scope}`).digest('base64url');
}
