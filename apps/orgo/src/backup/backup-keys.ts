import fs from 'node:fs';

import { type KeyRing, type KeySource, keySource, resolveKeyRing } from '@orgo/security';

import type { BackupKeys } from './backup-manifest';

export interface KeySources {
  env: Record<string, string | undefined>;
  security: Record<string, unknown>;
  home: string;
}

/**
 * The installation's keys as a backup records them: their ids (what the data is sealed and the
 * audit trail signed with), where they come from, and the key file to include when asked. Never
 * generates a key.
 */
export function backupKeys(
  sources: KeySources,
  includeKeys: boolean,
): { keys: BackupKeys; file: string | null } {
  const source = keySource(sources);
  const ring = readRing(sources, source);
  const keyFile = source.kind === 'file' && fs.existsSync(source.file) ? source.file : null;
  if (includeKeys && !keyFile) {
    throw new Error(
      source.kind === 'file'
        ? `--include-keys: there is no key file at ${source.file}.`
        : `--include-keys: the keys come ${source.kind === 'environment' ? 'from the environment (ORGO_ENCRYPTION_KEYS, ORGO_INDEX_KEY, ORGO_AUDIT_KEYS)' : 'from config/security'}, not from a key file; keep them where those secrets are kept, and back up without --include-keys.`,
    );
  }
  return {
    keys: {
      included: includeKeys,
      source: ring ? (source.kind === 'file' ? 'file' : source.kind) : 'none',
      encryption: ring?.encryption.map((k) => k.id) ?? [],
      audit: ring?.audit.map((k) => k.id) ?? [],
    },
    file: keyFile,
  };
}

/** The key ids a restored installation needs and does not have (empty when every one is there). */
export function missingKeyIds(needed: BackupKeys, sources: KeySources): string[] {
  const ring = readRing(sources, keySource(sources));
  const have = new Set([...(ring?.encryption ?? []), ...(ring?.audit ?? [])].map((k) => k.id));
  return [...needed.encryption, ...needed.audit].filter((id) => !have.has(id));
}

function readRing(sources: KeySources, source: KeySource): KeyRing | null {
  if (source.kind === 'file' && !fs.existsSync(source.file)) return null;
  // 'distributed' never generates a key file; a file that exists is read as it is.
  return resolveKeyRing({ ...sources, shape: 'distributed' });
}
