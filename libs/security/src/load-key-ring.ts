import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { OrgoError } from '@orgo/domain';

import { KeyRing, type NamedKey } from './key-ring';

/** Where the keys come from; the environment wins, then the security files, then (standalone) the home. */
export interface KeyRingSources {
  env: Record<string, string | undefined>;
  /** The merged `config/security/*.yaml` (its `keys` section). */
  security: Record<string, unknown>;
  home: string;
  shape: 'standalone' | 'distributed';
}

/** The file the standalone shape generates on its first start (mode 0600), and `orgo keys rotate` extends. */
export function keyFilePath(home: string): string {
  return path.join(home, 'secrets', 'keys.json');
}

/** The content of a key file: keys newest first, in base64. */
export interface KeyFileContent {
  encryption: { id: string; key: string }[];
  index: string;
  audit: { id: string; key: string }[];
}

const ENV_HINT =
  'set ORGO_KEY_FILE (a key file as `orgo keys rotate` writes it), or ORGO_ENCRYPTION_KEYS ("<id>:<base64 key>", newest first, comma-separated), ORGO_INDEX_KEY and ORGO_AUDIT_KEYS, ' +
  'or keys.encryption / keys.index / keys.audit in config/security/<file>.yaml (see config/security/security.example.yaml); ' +
  "a key is 32 random bytes in base64, e.g. 'openssl rand -base64 32'";

const cache = new Map<string, KeyRing>();

/** Where the key ring comes from, in order of precedence: what every reader of the keys agrees on. */
export type KeySource = { kind: 'environment' } | { kind: 'security' } | { kind: 'file'; file: string; named: boolean };

export function keySource(sources: Pick<KeyRingSources, 'env' | 'security' | 'home'>): KeySource {
  if (sources.env.ORGO_ENCRYPTION_KEYS?.trim() || sources.env.ORGO_INDEX_KEY?.trim() || sources.env.ORGO_AUDIT_KEYS?.trim()) return { kind: 'environment' };
  if ((sources.security as { keys?: unknown } | undefined)?.keys) return { kind: 'security' };
  const named = sources.env.ORGO_KEY_FILE?.trim();
  return named ? { kind: 'file', file: path.resolve(named), named: true } : { kind: 'file', file: keyFilePath(sources.home), named: false };
}

/** The key source in words, for a start banner (never the keys themselves). */
export function describeKeySource(source: KeySource): string {
  if (source.kind === 'environment') return 'from the environment (ORGO_ENCRYPTION_KEYS, ORGO_INDEX_KEY, ORGO_AUDIT_KEYS)';
  if (source.kind === 'security') return 'from config/security (keys)';
  return source.named ? `${source.file} (ORGO_KEY_FILE)` : `${source.file}: back it up with the home's data; sealed data cannot be read without it`;
}

/**
 * The installation's key ring: the environment's keys, else the security files', else a key file
 * (`ORGO_KEY_FILE`, else `<home>/secrets/keys.json`). A distributed service without keys does not
 * start (the message says what to set); the standalone shape generates the home's key file on its
 * first start and says so through `onGenerated`. Values read from one source are never mixed with
 * another's.
 */
export function resolveKeyRing(sources: KeyRingSources, onGenerated?: (file: string) => void): KeyRing {
  const source = keySource(sources);
  if (source.kind === 'environment') return ringFromEnv(sources.env) as KeyRing;
  if (source.kind === 'security') return ringFromSecurity(sources.security) as KeyRing;
  if (source.named) {
    if (!fs.existsSync(source.file)) throw new OrgoError('SECURITY.NO_KEY', `ORGO_KEY_FILE names ${source.file}, which does not exist: ${ENV_HINT}`);
    return readKeyFile(source.file);
  }
  const file = source.file;
  const cached = cache.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) {
    if (sources.shape !== 'standalone') {
      throw new OrgoError('SECURITY.NO_KEY', `No encryption keys are configured for the distributed shape: ${ENV_HINT}`);
    }
    ensureKeyFile(sources.home);
    onGenerated?.(file);
  }
  const ring = readKeyFile(file);
  cache.set(file, ring);
  return ring;
}

/**
 * The key file of a home, generated when missing: what the local supervisor of the distributed shape
 * (`orgo distributed`) hands its services through `ORGO_KEY_FILE`, like a mounted secret.
 */
export function ensureKeyFile(home: string): string {
  const file = keyFilePath(home);
  if (!fs.existsSync(file)) writeKeyFile(file, { encryption: [newKey('k1')], index: randomBytes(32).toString('base64'), audit: [newKey('a1')] });
  return file;
}

/** Forgets rings read from home files (after `orgo keys rotate` rewrote one). */
export function forgetCachedKeyRings(): void {
  cache.clear();
}

export function newKey(id: string): { id: string; key: string } {
  return { id, key: randomBytes(32).toString('base64') };
}

export function readKeyFile(file: string): KeyRing {
  let parsed: KeyFileContent;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFileContent;
  } catch (error) {
    throw new OrgoError('SECURITY.BAD_KEY_FILE', `The key file ${file} cannot be read (${(error as Error).message}); restore it from a backup: data sealed with its keys cannot be read without it`);
  }
  return new KeyRing(namedKeys(parsed.encryption, file, 'encryption'), decodeKey(parsed.index, `${file}: index`), namedKeys(parsed.audit, file, 'audit'));
}

/** Writes a key file atomically (a temporary file renamed over it), readable by its owner only. */
export function writeKeyFile(file: string, content: KeyFileContent): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function readKeyFileContent(file: string): KeyFileContent {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function ringFromEnv(env: Record<string, string | undefined>): KeyRing | null {
  const encryption = env.ORGO_ENCRYPTION_KEYS?.trim();
  const index = env.ORGO_INDEX_KEY?.trim();
  const audit = env.ORGO_AUDIT_KEYS?.trim();
  if (!encryption && !index && !audit) return null;
  if (!encryption || !index || !audit) {
    const missing = [!encryption && 'ORGO_ENCRYPTION_KEYS', !index && 'ORGO_INDEX_KEY', !audit && 'ORGO_AUDIT_KEYS'].filter(Boolean).join(', ');
    throw new OrgoError('SECURITY.NO_KEY', `The key ring is only partly set in the environment (missing ${missing}): ${ENV_HINT}`);
  }
  return new KeyRing(parseKeyList(encryption, 'ORGO_ENCRYPTION_KEYS'), decodeKey(index, 'ORGO_INDEX_KEY'), parseKeyList(audit, 'ORGO_AUDIT_KEYS'));
}

function ringFromSecurity(security: Record<string, unknown>): KeyRing | null {
  const keys = security?.keys as { encryption?: unknown; index?: unknown; audit?: unknown } | undefined;
  if (!keys) return null;
  const where = 'config/security: keys';
  if (typeof keys.index !== 'string') throw new OrgoError('SECURITY.NO_KEY', `${where}.index must be a base64 key: ${ENV_HINT}`);
  return new KeyRing(namedKeys(keys.encryption, where, 'encryption'), decodeKey(keys.index, `${where}.index`), namedKeys(keys.audit, where, 'audit'));
}

function parseKeyList(text: string, where: string): NamedKey[] {
  return text.split(',').map((item, i) => {
    const at = item.indexOf(':');
    if (at <= 0) throw new OrgoError('SECURITY.BAD_KEY', `${where}: entry ${i + 1} is not '<id>:<base64 key>'`);
    return { id: item.slice(0, at).trim(), key: decodeKey(item.slice(at + 1).trim(), `${where}: key '${item.slice(0, at).trim()}'`) };
  });
}

function namedKeys(value: unknown, where: string, name: string): NamedKey[] {
  if (!Array.isArray(value) || !value.length) {
    throw new OrgoError('SECURITY.NO_KEY', `${where}.${name} must be a list of { id, key }, newest first: ${ENV_HINT}`);
  }
  return value.map((entry, i) => {
    const { id, key } = (entry ?? {}) as { id?: unknown; key?: unknown };
    if (typeof id !== 'string' || typeof key !== 'string') throw new OrgoError('SECURITY.BAD_KEY', `${where}.${name}[${i}] must have a string id and key`);
    return { id, key: decodeKey(key, `${where}.${name}[${i}]`) };
  });
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new OrgoError('SECURITY.BAD_KEY', `${where} is not 32 bytes of base64 (found ${key.length} bytes); ${ENV_HINT}`);
  return key;
}
