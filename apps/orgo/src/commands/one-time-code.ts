import { crypto } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';

/** The current RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret, for `ORGO_ADMIN_TOTP_SECRET`. */
export function currentTotpCode(base32Secret: string, now = new Date()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...base32Secret.replace(/[\s=]/g, '').toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const secret = Uint8Array.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  return generateSync({ secret, crypto, epoch: Math.floor(now.getTime() / 1000) });
}
