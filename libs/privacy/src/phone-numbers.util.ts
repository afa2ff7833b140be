import { type CountryCode, findPhoneNumbersInText, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

import { TIME_ZONES_BY_COUNTRY } from './time-zone-countries.constants';

/** A found phone number: where it is in the text, and its digits. */
export interface PhoneSpan {
  start: number;
  end: number;
  /** National significant number when libphonenumber could parse it, else all its digits. */
  digits: string;
}

/**
 * A run of digits joined by the separators people write phone numbers with (space, tab, dot, dash,
 * slash, parentheses), with an optional leading `+`. Never crosses a line. It may not touch a
 * letter or digit on either side (`NS-12`, `0x1f…`, hashes), nor follow `.` or `,` (the tail of an
 * amount). The repetition is bounded, so a megabyte of digits costs one pass.
 */
const CANDIDATE = /(?<![\p{L}\p{N}_][-‐‑–]?|[.,/=&?#%])(?:\+|\(\+?)?\d[\d \t()./‐‑–-]{5,58}\d\)?(?![\p{L}\p{N}/])/gu;

/**
 * Numbers that are not phone numbers, blanked out (same length) before candidates are looked for:
 * ISO and day-month-year dates, year ranges, IPv4 addresses, dotted thousands, amounts with a
 * currency and ISBNs. Each is anchored so that a longer dashed or dotted number (a French `06-12-34-56-78`)
 * is not mistaken for a date.
 */
const NOT_PHONES: readonly RegExp[] = [
  /(?<![\d./-])\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?(?![./-]?\d)/g,
  /(?<![\d./-])\d{4}[./]\d{1,2}[./]\d{1,2}(?![./-]?\d)/g,
  /(?<![\d./-])\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![./-]?\d)/g,
  /(?<![\d./-])(?:19|20)\d{2}[-–](?:19|20)\d{2}(?![./-]?\d)/g,
  /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])/g,
  /(?<![\d.,])\d{1,3}(?:[.,]\d{3}){2,}(?:[.,]\d{1,2})?(?![\d.,])/g,
  /[$€£¥₹]\s?\d{1,3}(?:[,.]\d{3})*(?:[.,]\d{1,2})?/g,
  /ISBN(?:-1[03])?:?[ \t]?[\d -]{9,16}[\dX]/g,
];

/** Past this many libphonenumber look-ups in one text, candidates are judged by their shape only. */
const MAX_LOOKUPS = 300;

/** The country a time zone belongs to (`America/Toronto` → `CA`), or undefined (`UTC`, unknown). */
export function countryForTimeZone(timeZone: string | null | undefined): CountryCode | undefined {
  if (!timeZone) return undefined;
  return zoneCountries().get(timeZone);
}

let zoneMap: Map<string, CountryCode> | undefined;
function zoneCountries(): Map<string, CountryCode> {
  if (!zoneMap) {
    zoneMap = new Map();
    for (const [country, zones] of Object.entries(TIME_ZONES_BY_COUNTRY)) {
      // Antarctica and a few territories have no numbering plan of their own.
      if (!isSupportedCountry(country)) continue;
      for (const zone of zones.split(' ')) zoneMap.set(zone, country);
    }
  }
  return zoneMap;
}

/**
 * Phone numbers in a text, international and local formats, found with libphonenumber-js (its full
 * metadata): first its strict pass (a number valid for the default country, or international with
 * `+` or `00`), then its lenient pass (a number of a possible length, for local formats such as
 * `555-0199`), then the shape of the digits alone (a number of another country written in its local
 * format: `020 7946 0958` in a Canadian organization). Dates, times, amounts, years, versions, room
 * numbers and task keys are never candidates. Linear in the text's length.
 */
export function findPhoneNumbers(text: string, defaultCountry?: CountryCode): PhoneSpan[] {
  const masked = maskNotPhones(text);
  const spans: PhoneSpan[] = [];
  const cache = new Map<string, Array<[number, number, string]>>();
  let lookups = 0;
  for (const match of masked.matchAll(CANDIDATE)) {
    const run = match[0];
    if (countDigits(run) < 7) continue;
    let found = cache.get(run);
    if (!found) {
      found = lookups++ < MAX_LOOKUPS ? numbersInRun(run, defaultCountry) : shapeOnly(run);
      cache.set(run, found);
    }
    for (const [start, end, digits] of found) spans.push({ start: match.index + start, end: match.index + end, digits });
  }
  return spans;
}

/** Digits of a phone number as it is compared: its national significant number if it parses. */
export function phoneDigits(phone: string, defaultCountry?: CountryCode): string {
  const trimmed = phone.trim();
  const international = /^00[1-9]/.test(trimmed) ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(international, defaultCountry);
  const digits = parsed?.nationalNumber ?? international.replace(/\D/g, '');
  return digits.replace(/^0+/, '');
}

function maskNotPhones(text: string): string {
  let masked = text;
  for (const pattern of NOT_PHONES) masked = masked.replace(pattern, (m) => 'x'.repeat(m.length));
  return masked;
}

function numbersInRun(run: string, defaultCountry: CountryCode | undefined): Array<[number, number, string]> {
  const strict = findPhoneNumbersInText(run, defaultCountry ? { defaultCountry } : undefined);
  const accepted = strict.filter((n) => plausible(run.slice(n.startsAt, n.endsAt)));
  if (accepted.length > 0) return accepted.map((n) => [n.startsAt, n.endsAt, n.number.nationalNumber]);

  const lead = run.search(/\d/);
  if (run.slice(lead).startsWith('00') && run[lead - 1] !== '+') {
    const parsed = parsePhoneNumberFromString(`+${run.slice(lead + 2).replace(/\D/g, '')}`);
    if (parsed?.isPossible()) return [[0, run.length, parsed.nationalNumber]];
  }
  if (defaultCountry) {
    const lenient = findPhoneNumbersInText(run, { defaultCountry, extended: true }).filter((n) =>
      plausible(run.slice(n.startsAt, n.endsAt)),
    );
    if (lenient.length > 0) return lenient.map((n) => [n.startsAt, n.endsAt, n.number.nationalNumber]);
  }
  return shapeOnly(run);
}

/** A run that reads as one phone number by its shape alone (no country rules). */
function shapeOnly(run: string): Array<[number, number, string]> {
  const trimmed = run.replace(/[\s)]+$/, '');
  if (!plausible(trimmed)) return [];
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length > 15) return [];
  const groups = trimmed.split(/\D+/).filter(Boolean);
  const international = /^\(?\+/.test(trimmed) || /^\(?00[1-9]/.test(trimmed);
  const phoneShaped =
    international ||
    /^\d{3}[-. ]\d{4}$/.test(trimmed) ||
    (digits.length >= 8 && groups.slice(1).every((g) => g.length >= 2));
  return phoneShaped ? [[0, trimmed.length, digits.replace(/^0+/, '')]] : [];
}

/**
 * At least 7 digits; a run without separators needs 9 (8 with a trunk 0): `20261123` is not a
 * phone; neither is a decimal (`67.245724`) or a run of zeros (`0000001000`).
 */
function plausible(candidate: string): boolean {
  const digits = countDigits(candidate);
  if (digits < 7) return false;
  // No country or area code starts with 0 after a trunk 0 (`0000001000`); one dot is a decimal.
  if (/^\D*000/.test(candidate) || /^\d+\.\d+$/.test(candidate)) return false;
  if (/^\+/.test(candidate) || /[\s().\/‐‑–-]/.test(candidate.replace(/^\(|\)$/g, ''))) return true;
  return digits >= 9 || (digits >= 8 && candidate.startsWith('0'));
}

function countDigits(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
