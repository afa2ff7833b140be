import type { CountryCode } from 'libphonenumber-js/max';

import { replaceEmailAddresses } from './email-addresses.util';
import { foldText, fullNames, localPart, nameParts, wholeWords } from './names.util';
import { countryForTimeZone, findPhoneNumbers, phoneDigits } from './phone-numbers.util';
import { removeQuotesAndSignature } from './signature.util';
import { replaceStreetAddresses } from './street-addresses.util';

/** Who must not be recognisable in a text: the sensitive reporter, and the pseudonym that stands for them. */
export interface SensitiveIdentity {
  /** The reporter's email address. */
  address: string;
  /** The display name of the sender, if any (`Maria Lopez`, `"Lopez, Maria"`). */
  name?: string | null;
  /** What replaces the reporter's name: `Anon-7` (pseudonymFor). */
  pseudonym: string;
  /** The country local phone numbers are read in: the organization's, if known. */
  defaultCountry?: CountryCode;
  /** The organization's time zone, to guess the country when none is declared (`Europe/Berlin` → DE). */
  timeZone?: string | null;
  /** Phone numbers known to be the reporter's (a directory, an earlier mail): removed in any format. */
  phones?: readonly string[];
}

export interface ScrubResult {
  text: string;
  removed: {
    emails: number;
    phones: number;
    names: number;
    addresses: number;
    signature: boolean;
    /** Quoted history (`> …`, "On … wrote:", "-----Original Message-----") was dropped. */
    quoted: boolean;
  };
}

export const EMAIL_REMOVED = '[email removed]';
export const PHONE_REMOVED = '[phone removed]';
export const ADDRESS_REMOVED = '[address removed]';

// Placeholders while scrubbing, in the private use area (removed from the input first): they hold
// no digit or name a later pass could match, and the pseudonym goes in last, untouched.
const MARK = { email: '\uE000E\uE001', phone: '\uE000P\uE001', address: '\uE000A\uE001', name: '\uE000N\uE001' };
const MARKER_CHARS = /[\uE000\uE001]/g;

/**
 * The body of an email with its sender's identity removed (SPEC §6 Privacy): the quoted history and
 * the signature block are dropped; every email address becomes `[email removed]`, every phone number
 * `[phone removed]`, every street address (with its city line) `[address removed]`; the sender's
 * name, its parts and the name in the address's local part become the pseudonym. Deterministic:
 * the same text and identity give the same result. Linear in the length of the text.
 */
export function scrubIdentity(text: string, who: SensitiveIdentity): ScrubResult {
  const terms = identityTerms(who);
  const blocks = removeQuotesAndSignature(normalize(text), (line) => isOwnNameLine(line, terms));
  const result = scrubInline(blocks.text, who, terms);
  return { text: tidy(result.text), removed: { ...result.removed, signature: blocks.signature, quoted: blocks.quoted } };
}

/**
 * A subject line (or an attachment's file name) with the sender's identity removed: the same as
 * scrubIdentity without the quoted history and signature, on one line.
 */
export function scrubSubject(subject: string, who: SensitiveIdentity): string {
  return scrubInline(normalize(subject).replace(/\s*\n\s*/g, ' '), who, identityTerms(who))
    .text.replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * The identity traces a text still holds, empty when none: the address, its local part (4
 * characters or more), each name part (3 letters or more; case, accents and word boundaries as in
 * scrubbing), and each known phone number, compared on digits (`4165550199` is found in
 * `416-555-0199` and `+1 416 555 0199`).
 */
export function containsIdentity(text: string, who: Omit<SensitiveIdentity, 'pseudonym'> & { pseudonym?: string }): string[] {
  const folded = foldText(normalize(text));
  const found: string[] = [];
  const address = who.address.trim();
  if (address && folded.includes(foldText(address))) found.push(address);
  const terms = identityTerms({ ...who, pseudonym: who.pseudonym ?? '' });
  for (const term of terms.words) {
    if (wholeWords([term])?.test(folded)) found.push(term);
  }
  const country = who.defaultCountry ?? countryForTimeZone(who.timeZone);
  const runs = digitRuns(folded).map((r) => r.digits);
  for (const phone of who.phones ?? []) {
    const digits = phoneDigits(phone, country);
    if (digits.length >= 6 && runs.some((r) => r.includes(digits))) found.push(phone);
  }
  return [...new Set(found)];
}

interface IdentityTerms {
  /** Local part (4+ characters) and name parts, folded. */
  words: string[];
  /** Full names and name parts, folded, longest first when matched. */
  names: string[];
}

function identityTerms(who: SensitiveIdentity): IdentityTerms {
  const parts = nameParts(who.name, who.address);
  const local = foldText(localPart(who.address).normalize('NFC'));
  const words = [...new Set([...(local.length >= 4 && !local.includes('@') ? [local] : []), ...parts])];
  return { words, names: [...new Set([...fullNames(who.name), ...words])] };
}

function isOwnNameLine(line: string, terms: IdentityTerms): boolean {
  const words = foldText(line.normalize('NFC'))
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s,]+/)
    .filter((w) => w && !/^\p{L}\.$/u.test(w));
  return words.length > 0 && words.length <= 4 && words.every((w) => terms.words.includes(w.replace(/[.,;:!]+$/, '')));
}

function scrubInline(text: string, who: SensitiveIdentity, terms: IdentityTerms): Omit<ScrubResult, 'removed'> & {
  removed: Omit<ScrubResult['removed'], 'signature' | 'quoted'>;
} {
  const emails = replaceEmailAddresses(text, MARK.email);
  const addresses = replaceStreetAddresses(emails.text, MARK.address);
  const phones = replacePhones(addresses.text, who);
  const names = replaceNames(phones.text, terms);
  const out = names.text
    .split(MARK.email).join(EMAIL_REMOVED)
    .split(MARK.phone).join(PHONE_REMOVED)
    .split(MARK.address).join(ADDRESS_REMOVED)
    .split(MARK.name).join(who.pseudonym);
  return { text: out, removed: { emails: emails.count, phones: phones.count, names: names.count, addresses: addresses.count } };
}

function replacePhones(text: string, who: SensitiveIdentity): { text: string; count: number } {
  const country = who.defaultCountry ?? countryForTimeZone(who.timeZone);
  const spans: Array<[number, number]> = findPhoneNumbers(text, country).map((p) => [p.start, p.end]);
  const known = (who.phones ?? []).map((p) => phoneDigits(p, country)).filter((d) => d.length >= 6);
  if (known.length > 0) {
    for (const run of digitRuns(text)) {
      if (known.some((d) => run.digits.includes(d))) spans.push([run.start, run.end]);
    }
  }
  return replaceSpans(text, spans, MARK.phone);
}

function replaceNames(text: string, terms: IdentityTerms): { text: string; count: number } {
  const pattern = wholeWords(terms.names);
  if (!pattern) return { text, count: 0 };
  const spans: Array<[number, number]> = [];
  for (const m of foldText(text).matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  const replaced = replaceSpans(text, spans, MARK.name).text;
  // "Maria J. Lopez" → one pseudonym, not "Anon-7 J. Anon-7".
  const joined = replaced.replace(new RegExp(`${MARK.name}(?:[ \\t]+(?:\\p{Lu}\\.[ \\t]+)?${MARK.name})+`, 'gu'), MARK.name);
  return { text: joined, count: joined.split(MARK.name).length - 1 };
}

/** Runs of digits joined by phone separators, on one line, with their digits alone. */
function digitRuns(text: string): Array<{ start: number; end: number; digits: string }> {
  const runs: Array<{ start: number; end: number; digits: string }> = [];
  for (const m of text.matchAll(/\+?\d(?:[\d \t().\/‐‑–-]*\d)?/g)) {
    runs.push({ start: m.index, end: m.index + m[0].length, digits: m[0].replace(/\D/g, '') });
  }
  return runs;
}

function replaceSpans(text: string, spans: Array<[number, number]>, mark: string): { text: string; count: number } {
  if (spans.length === 0) return { text, count: 0 };
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  let count = 0;
  for (const [start, end] of sorted) {
    if (start < at) {
      at = Math.max(at, end);
      continue;
    }
    out += text.slice(at, start) + mark;
    at = end;
    count++;
  }
  return { text: out + text.slice(at), count };
}

function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC').replace(MARKER_CHARS, '');
}

/** Readable whitespace: no trailing blanks, at most one empty line in a row, none at either end. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}
