import { type KeyRing, blindIndex } from '@orgo/security';

/**
 * The blind index of a sender within an organization, as the rule-engine computes it for
 * `privacy.reporter.pseudonymized` (`blindIndex(ring, organization, address)`); mail of no
 * organization is indexed in the empty scope.
 */
export function senderIndexOf(ring: KeyRing, organization: string | null, address: string | null | undefined): string | null {
  return address ? blindIndex(ring, organization ?? '', address) : null;
}

/** What a log line carries instead of the sender: enough of the index to tell senders apart. */
export function loggedSenderIndex(index: string | null): string | null {
  return index ? index.slice(0, 12) : null;
}
