import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { OrgoError } from '@orgo/domain';

import type { KeyRing } from './key-ring';

/** Sealed values read `enc:v1:<key id>:<base64url(iv ‖ tag ‖ ciphertext)>`. */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM with the ring's active key; the key id travels with the value (rotation). */
export function seal(ring: KeyRing, plaintext: string): string {
  const { id, key } = ring.activeEncryption;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Seals a value that may be absent (null stays null). */
export function sealOptional(ring: KeyRing, plaintext: string | null | undefined): string | null {
  return plaintext == null ? null : seal(ring, plaintext);
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The id of the key a sealed value was written with. */
export function sealedKeyId(sealed: string): string {
  if (!isSealed(sealed)) throw new OrgoError('SECURITY.NOT_SEALED', 'The value is not a sealed value');
  return sealed.slice(PREFIX.length, sealed.indexOf(':', PREFIX.length));
}

/** Decrypts a sealed value; a tampered value or a wrong key is an error, never garbage. */
export function unseal(ring: KeyRing, sealed: string): string {
  const id = sealedKeyId(sealed);
  const data = Buffer.from(sealed.slice(PREFIX.length + id.length + 1), 'base64url');
  if (data.length < IV_BYTES + TAG_BYTES) throw new OrgoError('SECURITY.BAD_SEAL', 'A sealed value is truncated');
  const decipher = createDecipheriv('aes-256-gcm', ring.encryptionKey(id), data.subarray(0, IV_BYTES));
  decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new OrgoError('SECURITY.BAD_SEAL', `A value sealed with key '${id}' does not authenticate: it was altered or the key is wrong`);
  }
}

export function unsealOptional(ring: KeyRing, sealed: string | null | undefined): string | null {
  return sealed == null ? null : unseal(ring, sealed);
}

/** Re-encrypts a value with the active key when it was sealed with another one (`orgo keys rotate`). */
export function reseal(ring: KeyRing, sealed: string): string | null {
  return sealedKeyId(sealed) === ring.activeEncryption.id ? null : seal(ring, unseal(ring, sealed));
}
