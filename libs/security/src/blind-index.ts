import { createHmac } from 'node:crypto';

import type { KeyRing } from './key-ring';

/**
 * A keyed fingerprint of an identity (an email address) within a scope (an organization): equal
 * inputs give equal fingerprints, so a sealed identity can be looked up, and nobody without the
 * index key can test a guess against it. Addresses are compared trimmed and lower-cased.
 */
export function blindIndex(ring: KeyRing, scope: string, value: string): string {
  return createHmac('sha256', ring.index).update(`${scope}\u0000${value.trim().toLowerCase()}`).digest('hex').slice(0, 40);
}
