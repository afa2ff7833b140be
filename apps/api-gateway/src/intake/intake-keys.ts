import { createHmac } from 'node:crypto';

import type { KeyRing } from '@orgo/security';

/**
 * The web intake's keys, derived from the installation's index key (the one key every replica
 * holds that is never rotated, so challenges and stored code hashes stay valid): one for signing
 * challenges, one for hashing follow-up codes, one for the addresses rate limits count by.
 */
export interface IntakeKeys {
  challenge: Buffer;
  receipt: Buffer;
  address: Buffer;
}

export function intakeKeys(ring: KeyRing): IntakeKeys {
  const derive = (purpose: string) => createHmac('sha256', ring.index).update(`orgo:intake:${purpose}`).digest();
  return { challenge: derive('challenge'), receipt: derive('receipt'), address: derive('address') };
}

export const INTAKE_KEYS = Symbol('INTAKE_KEYS');
