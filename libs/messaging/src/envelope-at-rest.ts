import type { Envelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { boundKeyRing, isSealed, seal, unseal } from '@orgo/security';

/**
 * Envelopes kept in a service's tables (outbox rows, dead letters) are sealed with the key ring bound
 * to that database (SPEC §6: a reporter's identity is never in a plaintext column, and an email's
 * payload may carry one before the rules have decided). A database with no ring bound (a test's bare
 * data source) keeps plain JSON; both forms are read back.
 */
export function envelopeAtRest(connection: object, envelope: Envelope): string {
  const ring = boundKeyRing(connection);
  const json = JSON.stringify(envelope);
  return ring ? seal(ring, json) : json;
}

export function envelopeFromRest(connection: object, stored: string): Envelope {
  if (!isSealed(stored)) return JSON.parse(stored) as Envelope;
  const ring = boundKeyRing(connection);
  if (!ring) throw new OrgoError('SECURITY.NO_KEY', 'A sealed envelope was read from a database that has no key ring bound to it');
  return JSON.parse(unseal(ring, stored)) as Envelope;
}
