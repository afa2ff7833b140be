import { createHash, randomInt } from 'node:crypto';

/** How many recovery codes an enrolment hands out. */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Lower case, without spaces or dashes: `7hk2m-q9xwe` and `7HK2MQ9XWE` are the same code. */
const normalize = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');

/** Fresh one-time codes (`xxxxx-xxxxx`, about 50 bits each), shown once; only their hashes are kept. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalize(code)).digest('hex');
}

/** A recovery code rather than a six-digit TOTP code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normalize(code)) && !/^\d+$/.test(normalize(code));
}

/** The hashes left once `code` is used, or null when it is not one of them. */
export function useRecoveryCode(hashes: string[], code: string): string[] | null {
  const hash = hashRecoveryCode(code);
  return hashes.includes(hash) ? hashes.filter((h) => h !== hash) : null;
}
