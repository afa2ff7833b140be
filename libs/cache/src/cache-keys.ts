import { createHash } from 'node:crypto';

/** What the shared cache holds: compiled rule sets and organization directories. */
export type CachedKind = 'rules' | 'directory';

/**
 * sha256 of a JSON value in canonical form (object keys sorted at every depth), so the same content
 * hashes the same in every replica whatever order its keys were read in.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** `<namespace>:<kind>:<organization>:<content hash>`, e.g. `orgo:rules:northside:9f86d0…`. */
export function cacheKey(namespace: string, kind: CachedKind, organization: string, hash: string): string {
  return `${namespace}:${kind}:${organization}:${hash}`;
}

/** The channel on which a replica that loaded a new content hash announces it. */
export function invalidationChannel(namespace: string): string {
  return `${namespace}:invalidate`;
}

/** The message on the invalidation channel. */
export interface InvalidationMessage {
  kind: CachedKind;
  organization: string;
  hash: string;
  /** The registry that sent it (it ignores its own). */
  origin: string;
}

export function isInvalidationMessage(value: unknown): value is InvalidationMessage {
  const m = value as Partial<InvalidationMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    (m.kind === 'rules' || m.kind === 'directory') &&
    typeof m.organization === 'string' &&
    typeof m.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(m.hash) &&
    typeof m.origin === 'string'
  );
}
