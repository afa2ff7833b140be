import { OrgoError, tryParseDuration } from '@orgo/domain';

import {
  type AuditIndexSecrets,
  type AuditIndexSettings,
  INDEX_KEYS,
  type IndexKey,
  auditIndexSettings,
} from './audit-index-settings';

/** The audit-log's settings (`config/services/audit-log/*.yaml` or `ORGO_AUDIT_LOG__<KEY>`). */
export interface AuditSettings {
  /** A durable checkpoint every this many entries of a category… */
  checkpointEvery: number;
  /** …or at the first append this long after the category's last checkpoint. */
  checkpointIntervalMs: number;
  /** How often the retention job looks for entries past their retention. */
  retentionIntervalMs: number;
  /** Security entries live at least this long, whatever the profile says (SPEC §6: "security 2 years"). */
  securityRetentionMs: number;
  /** System entries (starts, migrations, retention runs) live this long. */
  systemRetentionMs: number;
  /** Entries of no (or of a no longer configured) organization live this long. */
  unownedRetentionMs: number;
  /** The optional Elasticsearch index of the trail (`elasticsearch_*`); null when `elasticsearch_url` is not set. */
  index: AuditIndexSettings | null;
}

const YEAR = 365 * 24 * 3_600_000;

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = {
  checkpointEvery: 100,
  checkpointIntervalMs: 5 * 60_000,
  retentionIntervalMs: 3_600_000,
  securityRetentionMs: 2 * YEAR,
  systemRetentionMs: YEAR,
  unownedRetentionMs: YEAR,
  index: null,
};

const NUMBERS = {
  checkpoint_every: { field: 'checkpointEvery', min: 1, max: 1_000_000, unit: 'entries' },
  checkpoint_interval_ms: {
    field: 'checkpointIntervalMs',
    min: 1_000,
    max: 86_400_000,
    unit: 'milliseconds',
  },
  retention_interval_ms: {
    field: 'retentionIntervalMs',
    min: 1_000,
    max: 7 * 86_400_000,
    unit: 'milliseconds',
  },
} as const;

const DURATIONS = {
  security_retention: 'securityRetentionMs',
  system_retention: 'systemRetentionMs',
  unowned_retention: 'unownedRetentionMs',
} as const;

const where = (key: string) =>
  `audit-log setting '${key}' (config/services/audit-log/*.yaml or ORGO_AUDIT_LOG__${key.toUpperCase()})`;

/**
 * Reads and checks the settings; a bad or unknown key stops the start with what, where and what to
 * do. The index's credentials come from `secrets` (the environment, the security files), never a setting.
 */
export function auditSettings(
  raw: Record<string, unknown> | undefined,
  secrets: AuditIndexSecrets = { env: {}, security: {} },
): AuditSettings {
  const settings = { ...DEFAULT_AUDIT_SETTINGS };
  const problems: string[] = [];
  const index: Partial<Record<IndexKey, unknown>> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if ((INDEX_KEYS as readonly string[]).includes(key)) {
      index[key as IndexKey] = value;
      continue;
    }
    const number = NUMBERS[key as keyof typeof NUMBERS];
    const duration = DURATIONS[key as keyof typeof DURATIONS];
    if (number) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < number.min || value > number.max) {
        problems.push(
          `${where(key)}: expected a whole number of ${number.unit} from ${number.min} to ${number.max}, found ${JSON.stringify(value)}`,
        );
      } else settings[number.field] = value;
    } else if (duration) {
      const ms = tryParseDuration(value);
      if (ms === undefined || ms <= 0)
        problems.push(
          `${where(key)}: expected a duration such as '2 years' or '18 months', found ${JSON.stringify(value)}`,
        );
      else settings[duration] = ms;
    } else {
      problems.push(
        `${where(key)}: unknown key; expected one of ${[...Object.keys(NUMBERS), ...Object.keys(DURATIONS), ...INDEX_KEYS].join(', ')} — remove it or fix its spelling`,
      );
    }
  }
  settings.index = auditIndexSettings(index, secrets, where, problems);
  if (problems.length)
    throw new OrgoError(
      'CONFIG.INVALID',
      `The audit-log's settings are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { problems },
    );
  return settings;
}

export const AUDIT_SETTINGS = Symbol('AUDIT_SETTINGS');
