import { type KeyRing, isSealed, unseal } from '@orgo/security';

/** A sealed column in clear; a value written before sealing (not sealed at start yet) is read as it is. */
export function opened(ring: KeyRing, value: string | null): string | null {
  return value === null ? null : isSealed(value) ? unseal(ring, value) : value;
}
