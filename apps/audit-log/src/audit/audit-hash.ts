import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  id: string;
  category: string;
  seq: number;
  at: string;
  organization: string | null;
  action: string;
  actor: string;
  messageId: string;
  taskId: string | null;
  emailId: string | null;
  label: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 over the entry's fields and the previous entry's hash. */
export function hashEntry(fields: HashedFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** Recomputes a chain (in seq order); returns the first entry whose link or hash is broken. */
export function findBrokenLink<T extends HashedFields & { hash: string }>(entries: T[]): { entry: T; problem: string } | null {
  let prev = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.prevHash !== prev) return { entry, problem: 'previous hash does not match the entry before it' };
    const { hash, ...fields } = entry;
    const expected = hashEntry({ ...(fields as HashedFields), prevHash: entry.prevHash });
    if (hash !== expected) return { entry, problem: 'hash does not match the entry content' };
    prev = hash;
  }
  return null;
}
