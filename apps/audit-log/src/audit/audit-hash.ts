import { createHash } from 'node:crypto';

import { type KeyRing, auditMac, auditMacWith } from '@orgo/security';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry its hash covers (with the key id, for keyed entries). */
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

function hashedFieldsOf(fields: HashedFields): HashedFields {
  const { id, category, seq, at, organization, action, actor, messageId, taskId, emailId, label, details, prevHash } = fields;
  return { id, category, seq, at, organization, action, actor, messageId, taskId, emailId, label, details, prevHash };
}

/**
 * Entries written before the chain was keyed (key id null): unkeyed sha256 over the entry's fields
 * and the previous hash. Accepted only up to the seq an adoption checkpoint signed (ADR 0007).
 */
export function legacyEntryHash(fields: HashedFields): string {
  return createHash('sha256').update(canonicalJson(hashedFieldsOf(fields))).digest('hex');
}

/** The text an entry's HMAC covers: its fields, the previous hash and the key id. */
function keyedText(fields: HashedFields, keyId: string): string {
  return canonicalJson({ ...hashedFieldsOf(fields), keyId });
}

/** A new entry's hash: HMAC-SHA256 with the ring's active audit key, and that key's id. */
export function signEntry(ring: KeyRing, fields: HashedFields): { keyId: string; hash: string } {
  const keyId = ring.activeAudit.id;
  return { keyId, hash: auditMacWith(ring, keyId, keyedText(fields, keyId)) as string };
}

/** The hash an entry should have under the key it names; null when the ring lacks that key. */
export function expectedEntryHash(ring: KeyRing, fields: HashedFields, keyId: string): string | null {
  return auditMacWith(ring, keyId, keyedText(fields, keyId));
}

/** What an erased entry (retention, ADR 0007) keeps and its erasure MAC covers. */
export interface ErasedFields {
  id: string;
  category: string;
  seq: number;
  at: string;
  organization: string | null;
  action: string;
  prevHash: string;
  hash: string;
  erasedAt: string;
}

function erasureText(fields: ErasedFields, keyId: string): string {
  const { id, category, seq, at, organization, action, prevHash, hash, erasedAt } = fields;
  return canonicalJson({ erased: true, id, category, seq, at, organization, action, prevHash, hash, erasedAt, keyId });
}

/** Signs the erasure of an entry's content: its links stay, its facts are gone. */
export function signErasure(ring: KeyRing, fields: ErasedFields): { keyId: string; mac: string } {
  return auditMac(ring, erasureText(fields, ring.activeAudit.id));
}

export function expectedErasureMac(ring: KeyRing, fields: ErasedFields, keyId: string): string | null {
  return auditMacWith(ring, keyId, erasureText(fields, keyId));
}
