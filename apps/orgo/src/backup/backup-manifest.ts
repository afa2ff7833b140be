/** What an `orgo backup` file says about itself: its last entry, `manifest.json`. */
export const MANIFEST_NAME = 'manifest.json';
export const BACKUP_FORMAT = 'orgo-backup';
export const BACKUP_VERSION = 1;

export type BackupShape = 'standalone' | 'distributed';
export type BackupEntryKind = 'sqlite' | 'pg_dump' | 'file' | 'key';

export interface BackupEntry {
  /** Path inside the backup: `data/<service>.sqlite`, `home/inbox/…`, `postgres/orgo.dump`, `secrets/keys.json`. */
  name: string;
  kind: BackupEntryKind;
  size: number;
  sha256: string;
}

/** The keys the data is sealed and chained with, by id only unless the backup includes them. */
export interface BackupKeys {
  included: boolean;
  /** Where the keys came from when the backup was taken: `file` (a key file), `environment`, `security`. */
  source: 'file' | 'environment' | 'security' | 'none';
  encryption: string[];
  audit: string[];
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  orgo_version: string;
  shape: BackupShape;
  /** Standalone: the home it was taken from. Distributed: the schemas and the server they came from. */
  source: { home: string } | { schemas: string[]; schema_prefix: string; server_version: string };
  keys: BackupKeys;
  entries: BackupEntry[];
}

/**
 * The problems of a backup as read against its manifest: a missing or unknown manifest, an entry
 * whose size or checksum differs, an entry the manifest does not list or one it lists that is not
 * there. Empty when the backup is whole.
 */
export function manifestProblems(
  manifest: unknown,
  seen: Map<string, { size: number; sha256: string }>,
): string[] {
  if (!isManifest(manifest))
    return [
      `${MANIFEST_NAME} is not an Orgo backup manifest (format '${BACKUP_FORMAT}', version ${BACKUP_VERSION})`,
    ];
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const entry of manifest.entries) {
    listed.add(entry.name);
    const got = seen.get(entry.name);
    if (!got) problems.push(`${entry.name} is listed in the manifest but missing from the file`);
    else if (got.size !== entry.size)
      problems.push(`${entry.name} has ${got.size} bytes, the manifest says ${entry.size}`);
    else if (got.sha256 !== entry.sha256)
      problems.push(
        `${entry.name} does not match its checksum (sha256 ${got.sha256.slice(0, 12)}…, the manifest says ${entry.sha256.slice(0, 12)}…)`,
      );
  }
  for (const name of seen.keys())
    if (!listed.has(name)) problems.push(`${name} is in the file but not in its manifest`);
  return problems;
}

function isManifest(value: unknown): value is BackupManifest {
  const m = value as BackupManifest | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.format === BACKUP_FORMAT &&
    m.version === BACKUP_VERSION &&
    (m.shape === 'standalone' || m.shape === 'distributed') &&
    Array.isArray(m.entries) &&
    m.entries.every(
      (e) => typeof e?.name === 'string' && typeof e.size === 'number' && typeof e.sha256 === 'string',
    ) &&
    typeof m.keys === 'object' &&
    m.keys !== null
  );
}

/** A path inside a backup that stays inside the folder it is restored into. */
export function isSafeEntryName(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
