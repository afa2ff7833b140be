/**
 * The short prefix of an organization's task keys (two to four letters): the initials of its name's
 * words when it has two or more (`Northside School` → `NS`), else the initials of its slug's words
 * (`north-side` → `NS`), else the slug's first two letters (`sangha` → `SA`).
 */
export function taskKeyPrefix(slug: string, name?: string): string {
  const nameWords = (name ?? '').split(/[\s\-_]+/).map((w) => w.replace(/[^a-z]/gi, '')).filter(Boolean);
  if (nameWords.length >= 2) return nameWords.map((w) => w[0]).join('').slice(0, 4).toUpperCase();
  const words = slug.split(/[-_\s]+/).map((w) => w.replace(/[^a-z]/gi, '')).filter(Boolean);
  const initials = words.map((w) => w[0]).join('');
  const prefix = initials.length >= 2 ? initials : (words.join('') || 'ORG').slice(0, 2);
  return prefix.slice(0, 4).toUpperCase().padEnd(2, 'X');
}

export function formatTaskKey(prefix: string, n: number): string {
  return `${prefix}-${n}`;
}
