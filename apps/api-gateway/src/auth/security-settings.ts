import { OrgoError } from '@orgo/domain';

/**
 * The api-gateway's sign-in and rate-limit settings (`config/services/api-gateway/*.yaml`, each key
 * overridable as `ORGO_API_GATEWAY__<SECTION>__<KEY>`, e.g. `ORGO_API_GATEWAY__RATE_LIMITS__USER_PER_MINUTE=50`).
 */
export interface SecuritySettings {
  rateLimits: {
    /** Requests per minute from one address, every endpoint but health, metrics, docs and the event stream. */
    ipPerMinute: number;
    /** Requests per minute of one signed-in user. */
    userPerMinute: number;
    /** Sign-in attempts (login, refresh, MFA confirmation) per minute from one address. */
    signInPerMinute: number;
  };
  lockout: {
    /** Wrong passwords or codes in a row an account is allowed before it is locked. */
    freeAttempts: number;
    /** The first lock; each further failure doubles it. */
    firstDelaySeconds: number;
    /** The longest lock. */
    maxDelaySeconds: number;
  };
  password: {
    /** Shortest password accepted. */
    minLength: number;
    /** Lowest zxcvbn score (0–4) accepted: 3 is "safely unguessable" against online attacks and slow offline hashes. */
    minScore: number;
  };
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  rateLimits: { ipPerMinute: 5000, userPerMinute: 1000, signInPerMinute: 10 },
  lockout: { freeAttempts: 5, firstDelaySeconds: 1, maxDelaySeconds: 900 },
  password: { minLength: 12, minScore: 3 },
};

type Section = keyof SecuritySettings;
interface KeySpec {
  field: string;
  min: number;
  max: number;
}

const SECTIONS: Record<string, { field: Section; keys: Record<string, KeySpec> }> = {
  rate_limits: {
    field: 'rateLimits',
    keys: {
      ip_per_minute: { field: 'ipPerMinute', min: 1, max: 1_000_000 },
      user_per_minute: { field: 'userPerMinute', min: 1, max: 1_000_000 },
      sign_in_per_minute: { field: 'signInPerMinute', min: 1, max: 10_000 },
    },
  },
  lockout: {
    field: 'lockout',
    keys: {
      free_attempts: { field: 'freeAttempts', min: 1, max: 100 },
      first_delay_seconds: { field: 'firstDelaySeconds', min: 1, max: 3600 },
      max_delay_seconds: { field: 'maxDelaySeconds', min: 1, max: 86_400 },
    },
  },
  password: {
    field: 'password',
    keys: {
      min_length: { field: 'minLength', min: 8, max: 128 },
      min_score: { field: 'minScore', min: 0, max: 4 },
    },
  },
};

/**
 * Reads and checks the sections `rate_limits`, `lockout` and `password` of the api-gateway's
 * settings (other sections belong to other features and are left alone); a bad value stops the
 * start with what, where and what to do.
 */
export function securitySettings(raw: Record<string, unknown> | undefined): SecuritySettings {
  const settings: SecuritySettings = structuredClone(DEFAULT_SECURITY_SETTINGS);
  const problems: string[] = [];
  for (const [sectionKey, section] of Object.entries(SECTIONS)) {
    const values = raw?.[sectionKey];
    if (values === undefined) continue;
    if (typeof values !== 'object' || values === null) {
      problems.push(`api-gateway setting '${sectionKey}': expected a map of ${Object.keys(section.keys).join(', ')}, found ${JSON.stringify(values)}`);
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      const spec = section.keys[key];
      const where = `api-gateway setting '${sectionKey}.${key}' (config/services/api-gateway/*.yaml or ORGO_API_GATEWAY__${sectionKey.toUpperCase()}__${key.toUpperCase()})`;
      if (!spec) {
        problems.push(`${where}: unknown key; expected one of ${Object.keys(section.keys).join(', ')} — remove it or fix its spelling`);
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        problems.push(`${where}: expected a whole number from ${spec.min} to ${spec.max}, found ${JSON.stringify(value)}`);
      } else {
        (settings[section.field] as unknown as Record<string, number>)[spec.field] = value;
      }
    }
  }
  if (settings.lockout.maxDelaySeconds < settings.lockout.firstDelaySeconds) {
    problems.push(`api-gateway setting 'lockout.max_delay_seconds' (${settings.lockout.maxDelaySeconds}) is shorter than 'lockout.first_delay_seconds' (${settings.lockout.firstDelaySeconds}): raise it`);
  }
  if (problems.length) throw new OrgoError('CONFIG.INVALID', `The api-gateway's sign-in settings are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
  return settings;
}

export const SECURITY_SETTINGS = Symbol('SECURITY_SETTINGS');
