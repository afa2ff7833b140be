import type { EmailAddressV1, EmailParsedV1 } from '@orgo/contracts';

/** Replaces each occurrence of `needle` (case-insensitive) in `text`. */
function replaceAll(text: string, needle: string, by: string): string {
  if (needle.trim().length < 2) return text;
  return text.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), by);
}

/**
 * The parsed email of a sensitive report as the parser keeps it once the rules decided (SPEC §6
 * Privacy): the pseudonym instead of the sender's address, no display name, Reply-To likewise,
 * and the address, the name and its words replaced by the pseudonym wherever the subject, text or
 * HTML repeat them. (The rule-engine scrubs what role holders see; this copy stays sealed.)
 */
export function pseudonymizeParsedEmail(email: EmailParsedV1, pseudonym: string): EmailParsedV1 {
  const people = [email.from, ...(email.replyTo ?? [])];
  const names = people.flatMap((p) => [p.name, ...p.name.split(/\s+/).filter((word) => word.length >= 3)]);
  // Longest first, so that a full name goes before its parts.
  const identities = [...people.map((p) => p.address), ...names].filter(Boolean).sort((a, b) => b.length - a.length);
  const scrub = (text: string) => identities.reduce((t, identity) => replaceAll(t, identity, pseudonym), text);
  const anonymous: EmailAddressV1 = { address: pseudonym, name: '' };
  return {
    ...email,
    from: anonymous,
    ...(email.replyTo ? { replyTo: email.replyTo.length ? [anonymous] : [] } : {}),
    subject: scrub(email.subject),
    text: scrub(email.text),
    ...(typeof email.html === 'string' ? { html: scrub(email.html) } : {}),
  };
}
