import { crypto } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';

/** The test administrator's TOTP secret: `ORGO_ADMIN_TOTP_SECRET` enrols them with it at start. */
export const ADMIN_TOTP_SECRET = 'KRSXG5CBMRWWS3TJON2HEYLUN5ZA';

/** The RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret at a moment, with otplib. */
export function totp(base32: string, at = new Date()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...base32.replace(/=+$/, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const secret = Uint8Array.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  return generateSync({ secret, crypto, epoch: Math.floor(at.getTime() / 1000) });
}
