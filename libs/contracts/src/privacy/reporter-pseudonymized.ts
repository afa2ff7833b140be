/**
 * `privacy.reporter.pseudonymized` (rule-engine → parser, audit-log): the rules made an email
 * sensitive, so its sender is known by a pseudonym from now on. It carries no identity: the sender
 * is named by a blind index (a keyed fingerprint of the address within the organization, from
 * `@orgo/security`'s `blindIndex`), so the parser can rewrite what it holds of that sender and
 * show the pseudonym in the quarantine.
 */
export interface ReporterPseudonymizedV1 {
  emailId: string;
  /** `blindIndex(ring, organization, address)` of the sender. */
  senderIndex: string;
  /** The stable pseudonym of the sender in the organization, e.g. `Anon-7`. */
  pseudonym: string;
}
