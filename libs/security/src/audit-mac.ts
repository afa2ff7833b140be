import { createHmac } from 'node:crypto';

import type { KeyRing } from './key-ring';

/** HMAC-SHA256 of a text with the active audit key; the key id is kept with the result. */
export function auditMac(ring: KeyRing, text: string): { keyId: string; mac: string } {
  const { id, key } = ring.activeAudit;
  return { keyId: id, mac: createHmac('sha256', key).update(text).digest('hex') };
}

/** The HMAC of a text under a named audit key, or null when the ring does not hold that key. */
export function auditMacWith(ring: KeyRing, keyId: string, text: string): string | null {
  const key = ring.auditKey(keyId);
  return key ? createHmac('sha256', key).update(text).digest('hex') : null;
}
