/**
 * Street addresses, by a careful heuristic: no maintained JavaScript library parses free-text
 * addresses (libpostal needs a native model of 2 GB). An address is a house number with one to four
 * capitalized words and a street type (English, French, German, Spanish), or a German street word
 * with its number; a postal code of a known shape (Canadian `M5V 2T6`, British `SW1A 1AA`, a US state
 * with its ZIP) is one anywhere. The city, postal code and country after a street, on its line or
 * the next two, go with it. Lower-case streets are not recognised, so "room 102", "3 times down the
 * road", "Platz 2" are left alone.
 */

const CAP_WORD = "\\p{Lu}[\\p{L}'’.-]*";
const NAME_WORD = `(?:${CAP_WORD}|\\d{1,3}(?:st|nd|rd|th|e|er))`;
const EN_TYPES = [
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Dr', 'Court', 'Ct',
  'Place', 'Pl', 'Square', 'Sq', 'Terrace', 'Way', 'Crescent', 'Cres', 'Close', 'Parkway', 'Pkwy', 'Highway',
  'Hwy', 'Circle', 'Trail', 'Row', 'Mews', 'Gardens', 'Grove', 'Walk', 'Hill',
];
const FR_TYPES = [
  'rue', 'avenue', 'av.', 'boulevard', 'bd', 'place', 'allée', 'impasse', 'chemin', 'route', 'quai', 'cours',
  'passage', 'square', 'esplanade', 'rond-point',
];
const ES_TYPES = ['Calle', 'C/', 'Avenida', 'Avda.', 'Avda', 'Paseo', 'Plaza', 'Pza.', 'Camino', 'Carrera', 'Carretera', 'Ronda', 'Travesía'];
const FR_PARTICLE = "(?:(?:de|du|des|la|le|les)[ \\t]+|[ld]['’])";
const ES_PARTICLE = '(?:(?:de|del|la|las|los|el)[ \\t]+)';

const alternatives = (words: readonly string[]): string =>
  [...new Set(words.flatMap((w) => [w, w[0].toUpperCase() + w.slice(1), w.toUpperCase()]))]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|');

const HOUSE_NUMBER = '(?<![\\p{L}\\p{N}:.,/-])\\d{1,5}[A-Za-z]?(?:[-–]\\d{1,5}[A-Za-z]?)?';
const UNIT = "(?:,?[ \\t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#)\\.?[ \\t]*#?[\\p{L}\\p{N}-]{1,6})?";

/** Streets recognised on their own. */
const STREETS: readonly RegExp[] = [
  // 221B Baker Street · 1234 Elm St., Apt 5 · 100 W 42nd St
  new RegExp(`${HOUSE_NUMBER},?[ \\t]+(?:${NAME_WORD}[ \\t]+){1,4}(?:${alternatives(EN_TYPES)})(?![\\p{L}\\p{N}])\\.?${UNIT}`, 'gu'),
  // 12 rue de la Paix · 8 bis, avenue des Champs-Élysées
  new RegExp(
    `${HOUSE_NUMBER}(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?:${alternatives(FR_TYPES)})[ \\t]+${FR_PARTICLE}{0,3}${CAP_WORD}(?:[ \\t]+${FR_PARTICLE}{0,2}${CAP_WORD}){0,3}`,
    'gu',
  ),
  // Hauptstraße 5 · Berliner Straße 12a · Lindenallee 3
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}-]{0,40}?(?:straße|strasse|str\.|gasse|allee|damm|chaussee)[ \t]*\d{1,4}(?:[ \t]?[a-zA-Z](?![\p{L}]))?(?![\p{N}])/gu,
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}-]+[ \t]+(?:Straße|Strasse|Str\.|Allee|Gasse)[ \t]+\d{1,4}(?:[ \t]?[a-zA-Z](?![\p{L}]))?(?![\p{N}])/gu,
  // Calle Mayor 5 · Calle de Alcalá, 23 · Avenida de la Constitución nº 3
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${ES_TYPES.map((w) => w.replace(/[./]/g, '\\$&')).join('|')})[ \\t]+${ES_PARTICLE}{0,3}${CAP_WORD}(?:[ \\t]+${ES_PARTICLE}{0,2}${CAP_WORD}){0,3},?[ \\t]*(?:n[º°o]\\.?[ \\t]*)?\\d{1,4}(?![\\p{N}])`,
    'gu',
  ),
  // P.O. Box 123 · Postfach 1234 · Boîte postale 56 · Apartado de correos 7
  /(?<![\p{L}])(?:P\.?[ \t]?O\.?[ \t]?Box|Postfach|Boîte postale|Apartado(?: de correos)?)[ \t]+\d{1,6}(?![\p{N}])/gu,
];

/** Streets recognised only beside a postal code (the words are common nouns too: Fluchtweg 2). */
const WEAK_STREETS: readonly RegExp[] = [
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}-]{1,40}?(?:weg|platz|ring|ufer|markt|steig|pfad)[ \t]*\d{1,4}(?:[ \t]?[a-zA-Z](?![\p{L}]))?(?![\p{N}])/gu,
];

const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';

/** Postal codes with a shape distinctive enough to be removed wherever they are. */
const POSTAL_CODES: readonly RegExp[] = [
  /(?<![\p{L}\p{N}])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t-]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]\d[ABD-HJLNP-UW-Z]{2}(?![\p{L}\p{N}])/gu,
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${US_STATES})[ \\t]+\\d{5}(?:-\\d{4})?(?![\\p{N}])`, 'gu'),
];

/** A continental postal code with its city (`10115 Berlin`, `75002 Paris`, `CH-8001 Zürich`): only beside a street. */
const POSTAL_CITY = /^(?:[A-Z]{1,2}-)?\d{4,5}[ \t]+\p{Lu}[\p{L}'’.-]*(?:[ \t-]+\p{Lu}[\p{L}'’.-]*){0,2}(?:[ \t]+(?:Cedex|CEDEX)(?:[ \t]+\d{1,2})?)?$/u;

const COUNTRIES = new Set(
  [
    'canada', 'usa', 'u.s.a.', 'united states', 'united states of america', 'uk', 'united kingdom', 'england',
    'scotland', 'wales', 'ireland', 'france', 'deutschland', 'germany', 'allemagne', 'españa', 'spain', 'espagne',
    'schweiz', 'suisse', 'switzerland', 'österreich', 'austria', 'belgique', 'belgië', 'belgium', 'italia',
    'italy', 'nederland', 'netherlands', 'luxembourg', 'québec', 'quebec', 'ontario',
  ],
);

/** The rest of a line after a street, when it reads as its city, province, postal code or country. */
const ADDRESS_TAIL =
  /^[ \t]*(?:,[ \t]*)?[\p{Lu}\d][\p{L}\p{N}'’.-]*(?:(?:[ \t]+|[ \t]*[,–-][ \t]*)[\p{Lu}\d][\p{L}\p{N}'’.-]*)*[ \t]*[,.]?[ \t]*$/u;

const CITY_WORD = "\\p{Lu}[\\p{L}'’.-]*";
const POSTAL_SOURCE = `(?:[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z][ \\t-]?\\d[ABCEGHJ-NPRSTV-Z]\\d|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?[ \\t]\\d[ABD-HJLNP-UW-Z]{2}|\\d{5}(?:-\\d{4})?|\\d{4})(?![\\p{L}\\p{N}])`;
/** `, Toronto ON M5V 2T6` · `, Springfield, IL 62704` · `, London SW1A 1AA, UK` */
const TAIL_CITY_POSTAL = new RegExp(
  `^[ \\t]*,?[ \\t]*(?:${CITY_WORD}(?:[ \\t]+|[ \\t]*,[ \\t]*)){1,4}${POSTAL_SOURCE}(?:[ \\t]*,[ \\t]*${CITY_WORD}(?![\\p{L}]))?`,
  'u',
);
/** `, 10115 Berlin` · `, CH-8001 Zürich` */
const TAIL_POSTAL_CITY = /^[ \t]*,?[ \t]*(?:[A-Z]{1,2}-)?\d{4,5}[ \t]+\p{Lu}[\p{L}'’-]*(?:[ \t]*,[ \t]*\p{Lu}[\p{L}'’-]*(?![\p{L}]))?/u;

/** Replaces street addresses (with their city lines) and distinctive postal codes by `replacement`. */
export function replaceStreetAddresses(text: string, replacement: string): { text: string; count: number } {
  const lines = text.split('\n');
  const out: string[] = [];
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 2000 || !/\d/.test(line)) {
      out.push(line);
      continue;
    }
    const cityNext = i + 1 < lines.length && isCityLine(lines[i + 1]);
    const weak = hasPostal(line) || cityNext ? weakStreets(line, cityNext) : [];
    const spans = merge([...matches(line, STREETS), ...weak]);
    if (spans.length === 0) {
      const postal = matches(line, POSTAL_CODES);
      if (postal.length === 0) {
        out.push(line);
        continue;
      }
      count += postal.length;
      out.push(isCityLine(line) && line.trim().length <= 60 ? leadingSpace(line) + replacement : splice(line, postal, replacement));
      continue;
    }
    const all = merge([...spans, ...matches(line, POSTAL_CODES)]);
    let rewritten = splice(line, all, replacement, (end, nextStart) => addressTailEnd(line, end, nextStart));
    rewritten = rewritten.replace(new RegExp(`${escape(replacement)}(?:[ \\t]*,?[ \\t]*${escape(replacement)})+`, 'g'), replacement);
    count += rewritten.split(replacement).length - 1;
    out.push(rewritten);
    let next = i + 1;
    while (next < lines.length && next <= i + 2 && isCityLine(lines[next])) next++;
    i = next - 1;
  }
  return { text: out.join('\n'), count };
}

/** Weak streets followed by their postal code and city, or ending a line above a city line. */
function weakStreets(line: string, cityNext: boolean): Array<[number, number]> {
  return matches(line, WEAK_STREETS).filter(([, end]) => {
    const tail = line.slice(end, end + 120);
    return TAIL_CITY_POSTAL.test(tail) || TAIL_POSTAL_CITY.test(tail) || (cityNext && /^[ \t]*[,.]?[ \t]*$/.test(tail));
  });
}

function hasPostal(line: string): boolean {
  return POSTAL_CODES.some((p) => new RegExp(p.source, 'u').test(line)) || /(?<![\p{N}])\d{4,5}[ \t]+\p{Lu}/u.test(line);
}

/** A short line that is only a city with a postal code, a postal code, or a country. */
function isCityLine(raw: string): boolean {
  const line = raw.trim().replace(/[,.]$/, '');
  if (line.length === 0 || line.length > 60) return false;
  if (COUNTRIES.has(line.toLowerCase())) return true;
  if (POSTAL_CITY.test(line)) return true;
  const withoutPostal = POSTAL_CODES.reduce((rest, p) => rest.replace(p, ' '), line);
  if (withoutPostal === line) return false;
  return withoutPostal
    .split(/[\s,]+/)
    .filter(Boolean)
    .every((word) => /^\p{Lu}[\p{L}'’.-]*$/u.test(word));
}

function matches(line: string, patterns: readonly RegExp[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const pattern of patterns) {
    for (const m of line.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  }
  return merge(spans);
}

function merge(spans: Array<[number, number]>): Array<[number, number]> {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

function splice(
  line: string,
  spans: Array<[number, number]>,
  replacement: string,
  extend?: (end: number, nextStart: number) => number,
): string {
  let out = '';
  let at = 0;
  for (let k = 0; k < spans.length; k++) {
    const [start, end] = spans[k];
    if (start < at) continue;
    const nextStart = k + 1 < spans.length ? spans[k + 1][0] : line.length;
    out += line.slice(at, start) + replacement;
    at = extend ? extend(end, nextStart) : end;
  }
  return out + line.slice(at);
}

/**
 * Where an address that ends at `end` really ends: the rest of the line (or up to the next address)
 * when it reads as a city, province, postal code and country; else a city with a postal code
 * (`, Toronto ON M5V 2T6`, `, 10115 Berlin`) and nothing more.
 */
function addressTailEnd(line: string, end: number, nextStart: number): number {
  const segment = line.slice(end, nextStart);
  if (segment.length <= 80 && ADDRESS_TAIL.test(segment)) return nextStart;
  const head = segment.slice(0, 120);
  const m = TAIL_CITY_POSTAL.exec(head) ?? TAIL_POSTAL_CITY.exec(head);
  return m ? end + m[0].length : end;
}

function leadingSpace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
