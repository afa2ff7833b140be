import fs from 'node:fs';
import path from 'node:path';

/** Where the Elasticsearch credentials come from: never a setting, so never in a config file or a log line. */
export interface AuditIndexSecrets {
  env: Record<string, string | undefined>;
  security: Record<string, unknown>;
}

/** The optional Elasticsearch index of the trail (SPEC §6 Audit); null in the settings when `elasticsearch_url` is not set. */
export interface AuditIndexSettings {
  /** The cluster, e.g. `https://es.internal:9200`, with no credentials in it. */
  url: string;
  /** The index the entries go to (an index template of the same name shapes it). */
  index: string;
  /** Entries sent in one bulk request. */
  batchSize: number;
  /** How often the indexer looks for new entries once it has caught up. */
  intervalMs: number;
  /** A PEM file to trust (a private CA), or null. */
  tlsCaFile: string | null;
  /** Secret: resolved from the environment or the security files; never log it. */
  auth: { apiKey: string } | { username: string; password: string } | null;
}

export const INDEX_DEFAULTS = { index: 'orgo-audit', batchSize: 500, intervalMs: 5_000 } as const;

/** Environment variables (single underscore: they are secrets, not settings) and their security-file keys. */
export const INDEX_SECRETS = {
  apiKey: { env: 'ORGO_AUDIT_LOG_ELASTICSEARCH_API_KEY', file: 'audit_log.elasticsearch_api_key' },
  password: { env: 'ORGO_AUDIT_LOG_ELASTICSEARCH_PASSWORD', file: 'audit_log.elasticsearch_password' },
} as const;

/** The settings of the index, by key; `auditSettings` accepts exactly these besides its own. */
export const INDEX_KEYS = [
  'elasticsearch_url',
  'elasticsearch_index',
  'elasticsearch_batch_size',
  'elasticsearch_interval_ms',
  'elasticsearch_username',
  'elasticsearch_tls_ca_file',
] as const;
export type IndexKey = (typeof INDEX_KEYS)[number];

// Elasticsearch's rules for an index name: lower case, no \ / * ? " < > | , # : or space, not starting with - _ +.
const INDEX_NAME = /^[a-z0-9][a-z0-9._-]{0,199}$/;

function parses(url: string): boolean {
  try {
    return Boolean(new URL(url).host);
  } catch {
    return false;
  }
}

function secret(which: keyof typeof INDEX_SECRETS, secrets: AuditIndexSecrets): string | undefined {
  const fromEnv = secrets.env[INDEX_SECRETS[which].env];
  if (fromEnv) return fromEnv;
  const section = secrets.security.audit_log as Record<string, unknown> | undefined;
  const value = section?.[which === 'apiKey' ? 'elasticsearch_api_key' : 'elasticsearch_password'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Reads the `elasticsearch_*` keys (already known to be index keys) into the index's settings,
 * pushing a message per bad key; null when no `elasticsearch_url` is set (the index is off, and
 * the other keys are still checked).
 */
export function auditIndexSettings(
  raw: Partial<Record<IndexKey, unknown>>,
  secrets: AuditIndexSecrets,
  where: (key: string) => string,
  problems: string[],
): AuditIndexSettings | null {
  const settings: Omit<AuditIndexSettings, 'url' | 'auth'> & { url: string | null; username: string | null } =
    {
      ...INDEX_DEFAULTS,
      url: null,
      username: null,
      tlsCaFile: null,
    };
  const bad = (key: string, expected: string, found: unknown) =>
    problems.push(`${where(key)}: expected ${expected}, found ${JSON.stringify(found)}`);
  const whole = (key: IndexKey, min: number, max: number, unit: string): number | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    bad(key, `a whole number of ${unit} from ${min} to ${max}`, value);
    return undefined;
  };
  const text = (key: IndexKey, expected: string, ok: (value: string) => boolean): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && ok(value)) return value;
    bad(key, expected, value);
    return undefined;
  };

  const url = text(
    'elasticsearch_url',
    "an http(s) URL such as 'https://es.internal:9200'",
    (v) => /^https?:\/\/[^\s]+$/.test(v) && parses(v),
  );
  if (url !== undefined) {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      problems.push(
        `${where('elasticsearch_url')}: the URL carries credentials; remove them and set ${INDEX_SECRETS.apiKey.env}, or elasticsearch_username with ${INDEX_SECRETS.password.env} (or ${INDEX_SECRETS.apiKey.file} / ${INDEX_SECRETS.password.file} in config/security/<file>.yaml)`,
      );
    } else settings.url = url;
  }
  settings.index =
    text(
      'elasticsearch_index',
      'an index name in lower case (letters, digits, . _ -, not starting with one of . _ -)',
      (v) => INDEX_NAME.test(v),
    ) ?? settings.index;
  settings.batchSize = whole('elasticsearch_batch_size', 1, 10_000, 'entries') ?? settings.batchSize;
  settings.intervalMs =
    whole('elasticsearch_interval_ms', 100, 3_600_000, 'milliseconds') ?? settings.intervalMs;
  settings.username = text('elasticsearch_username', 'a user name', (v) => v.length > 0) ?? null;
  const caFile = text('elasticsearch_tls_ca_file', 'the path of a PEM file', (v) => v.length > 0);
  if (caFile !== undefined) {
    if (fs.existsSync(caFile)) settings.tlsCaFile = caFile;
    else
      problems.push(
        `${where('elasticsearch_tls_ca_file')}: no file at ${path.resolve(caFile)}; give an absolute path or one relative to where Orgo starts`,
      );
  }

  if (!settings.url) return null;
  const apiKey = secret('apiKey', secrets);
  let auth: AuditIndexSettings['auth'] = apiKey ? { apiKey } : null;
  if (settings.username) {
    const password = secret('password', secrets);
    if (password) auth = { username: settings.username, password };
    else
      problems.push(
        `${where('elasticsearch_username')}: no password for '${settings.username}'; set ${INDEX_SECRETS.password.env} or ${INDEX_SECRETS.password.file} in config/security/<file>.yaml`,
      );
  }
  const { username: _username, ...rest } = settings;
  return { ...rest, url: settings.url, auth };
}
