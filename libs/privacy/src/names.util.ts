/**
 * Words that are never a person's name even when they sit in a display name or an address's local
 * part (`HR Team`, `info@`, `Maria Lopez via Orgo`), and name particles (`von der`, `de la`) that are
 * too common in running text to be replaced on their own.
 */
const NOT_NAMES = new Set(
  [
    'admin', 'administrator', 'accounts', 'billing', 'bounce', 'bounces', 'contact', 'daemon', 'department',
    'dept', 'desk', 'facilities', 'hello', 'help', 'helpdesk', 'hostmaster', 'info', 'list', 'mail', 'mailer',
    'noreply', 'notifications', 'office', 'owner', 'postmaster', 'reply', 'root', 'sales', 'security',
    'service', 'services', 'staff', 'support', 'team', 'user', 'webmaster', 'the', 'and', 'via', 'von',
    'van', 'der', 'den', 'del', 'della', 'des', 'dos', 'das', 'les', 'los', 'las', 'mrs', 'miss',
  ],
);

const NOT_FOLDED: Readonly<Record<string, string>> = { ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ı: 'i', ß: 'ß' };

/**
 * The text folded for comparison, one code unit for one code unit (so an index in the folded text
 * is an index in the original): lower case, diacritics dropped (`López` → `lopez`). The text is
 * expected in NFC.
 */
export function foldText(text: string): string {
  return text.replace(/[A-Z]|[^\x00-\x7f]/g, foldChar);
}

const foldCache = new Map<string, string>();
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = NOT_FOLDED[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (folded.length !== 1) folded = ch;
    foldCache.set(ch, folded);
  }
  return folded;
}

/** The parts of a display name and of an address's local part that name a person, folded. */
export function nameParts(name: string | null | undefined, address: string): string[] {
  const parts = new Set<string>();
  const display = (name ?? '').replace(/\S+@\S+/g, ' ').normalize('NFC');
  for (const word of display.split(/[\s,;:"“”()<>[\]/&.+]+/)) addPart(parts, word);
  const local = localPart(address);
  for (const word of local.split(/[._+\-\d]+/)) addPart(parts, word);
  return [...parts];
}

/** The display name as a whole and as `Last First` / `Last, First`, folded, when it has two words or more. */
export function fullNames(name: string | null | undefined): string[] {
  const words = (name ?? '')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .normalize('NFC')
    .split(/[\s,;:"“”<>]+/)
    .filter((w) => /\p{L}/u.test(w));
  if (words.length < 2) return [];
  const folded = words.map(foldText);
  return [folded.join(' '), [...folded.slice(1), folded[0]].join(' '), `${folded[folded.length - 1]}, ${folded.slice(0, -1).join(' ')}`];
}

export function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return (at > 0 ? address.slice(0, at) : address).trim();
}

function addPart(parts: Set<string>, word: string): void {
  const clean = word.replace(/^['’-]+|['’-]+$/g, '');
  if (letterCount(clean) < 3) return;
  const folded = foldText(clean);
  if (NOT_NAMES.has(folded)) return;
  parts.add(folded);
  for (const piece of folded.split(/['’-]+/)) {
    if (letterCount(piece) >= 3 && !NOT_NAMES.has(piece)) parts.add(piece);
  }
}

function letterCount(value: string): number {
  return (value.match(/\p{L}/gu) ?? []).length;
}

/**
 * A regular expression over folded text that matches any of the terms as a whole word (no letter or
 * digit on either side), longest first; whitespace in a term matches any run of spaces or tabs, and
 * `ss` / `ß` match each other. Null for no terms.
 */
export function wholeWords(terms: readonly string[]): RegExp | null {
  const unique = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (unique.length === 0) return null;
  const alternatives = unique.map((t) =>
    t
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/ss|ß/g, '(?:ss|ß)')
      .replace(/\s+/g, '[ \\t]+'),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}
