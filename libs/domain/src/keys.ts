/**
 * The short prefix of an organization's task keys: the initials of its slug's words
 * (`north-side` → `NS`), else its first letters (`northside` → `NO`), two to four letters.
 */
export function taskKeyPrefix(slug: string): string {
  const words = slug.split(/[-_\s]+/).map((w) => w.replace(/[^a-z]/gi, '')).filter(Boolean);
  const initials = words.map((w) => w[0]).join('');
  const prefix = initials.length >= 2 ? initials : (words.join('') || 'ORG').slice(0, 2);
  return prefix.slice(0, 4).toUpperCase().padEnd(2, 'X');
}

export function formatTaskKey(prefix: string, n: number): string {
  return `${prefix}-${n}`;
}
