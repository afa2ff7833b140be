import { randomBytes } from 'node:crypto';

import { createBase32Plugin } from '@otplib/core';
import { crypto } from '@otplib/plugin-crypto-node';
import { generateSync, verifySync } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';

/**
 * TOTP with otplib's own packages (core, totp, uri and its Node crypto plugin): the `otplib` bundle
 * pulls in ESM-only base32 and hash libraries that the CommonJS build and Jest cannot load, and
 * Node's crypto does the HMAC here anyway. RFC 6238 as every authenticator app reads it: SHA-1,
 * 30-second steps, 6 digits.
 */
export const TOTP_PERIOD_SECONDS = 30;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** At least 128 bits (RFC 4226 §4, and what otplib verifies with): 26 base32 characters. */
const BASE32_SECRET = /^[A-Z2-7]{26,}=*$/;

/** RFC 4648 base32, the encoding of TOTP secrets. */
const base32 = createBase32Plugin({
  name: 'rfc4648',
  encode: (data) => {
    let bits = '';
    for (const byte of data) bits += byte.toString(2).padStart(8, '0');
    return (bits.match(/.{1,5}/g) ?? []).map((chunk) => ALPHABET[parseInt(chunk.padEnd(5, '0'), 2)]).join('');
  },
  decode: (text) => {
    let bits = '';
    for (const c of normalizeTotpSecret(text).replace(/=+$/, '')) {
      const value = ALPHABET.indexOf(c);
      if (value < 0) throw new Error('not a base32 string');
      bits += value.toString(2).padStart(5, '0');
    }
    return Uint8Array.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  },
});

export function normalizeTotpSecret(secret: string): string {
  return secret.replace(/\s+/g, '').toUpperCase();
}

/** A new random secret (160 bits, base32), as an authenticator app takes it. */
export function newTotpSecret(): string {
  return base32.encode(randomBytes(20));
}

/** A base32 secret of at least 80 bits (RFC 4226 asks for 128, recommends 160). */
export function isTotpSecret(secret: string): boolean {
  return BASE32_SECRET.test(normalizeTotpSecret(secret));
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(secret: string, account: string, issuer = 'Orgo'): string {
  return generateTOTP({ issuer, label: account, secret });
}

/** The code for a moment (tests and the bootstrap contract's clients compute the same). */
export function totpCode(secret: string, now: Date): string {
  return generateSync({ secret, crypto, base32, epoch: Math.floor(now.getTime() / 1000) });
}

/**
 * The time step a code belongs to when it is right for now (one step of clock drift either way),
 * else null. A code of `lastStep` or earlier is refused: each code works once (replay).
 */
export function acceptedTotpStep(secret: string, code: string, lastStep: number | null, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    crypto,
    base32,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid ? result.timeStep : null;
}
