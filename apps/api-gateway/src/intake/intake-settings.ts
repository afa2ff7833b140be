import { OrgoError } from '@orgo/domain';

/**
 * The web intake's settings: section `intake` of `config/services/api-gateway/*.yaml`, each key
 * overridable as `ORGO_API_GATEWAY__INTAKE__<KEY>` (e.g. `ORGO_API_GATEWAY__INTAKE__DIFFICULTY=16`).
 * Which organizations and roles take web reports is theirs to say (`intake.web_form` in organization.yaml).
 */
export interface IntakeSettings {
  /** Leading zero bits the proof of work asks for (about 2^difficulty hashes). */
  difficulty: number;
  /** How long a challenge may be solved and used (once). */
  challengeTtlSeconds: number;
  /** Reports and follow-ups per minute from one address. */
  submissionsPerMinute: number;
  /** Form and status look-ups per minute from one address. */
  lookupsPerMinute: number;
  /** Attachments one report or follow-up may carry. */
  maxFiles: number;
}

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = { difficulty: 18, challengeTtlSeconds: 600, submissionsPerMinute: 20, lookupsPerMinute: 60, maxFiles: 5 };

const KEYS: Record<string, { field: keyof IntakeSettings; min: number; max: number }> = {
  difficulty: { field: 'difficulty', min: 1, max: 28 },
  challenge_ttl_seconds: { field: 'challengeTtlSeconds', min: 30, max: 3600 },
  submissions_per_minute: { field: 'submissionsPerMinute', min: 1, max: 10_000 },
  lookups_per_minute: { field: 'lookupsPerMinute', min: 1, max: 100_000 },
  max_files: { field: 'maxFiles', min: 0, max: 20 },
};

/** Reads and checks the `intake` section of the api-gateway's settings; a bad value stops the start with what, where and what to do. */
export function intakeSettings(raw: Record<string, unknown> | undefined): IntakeSettings {
  const settings = { ...DEFAULT_INTAKE_SETTINGS };
  const values = raw?.intake;
  if (values === undefined) return settings;
  const problems: string[] = [];
  if (typeof values !== 'object' || values === null) {
    problems.push(`api-gateway setting 'intake': expected a map of ${Object.keys(KEYS).join(', ')}, found ${JSON.stringify(values)}`);
  } else {
    for (const [key, value] of Object.entries(values)) {
      const spec = KEYS[key];
      const where = `api-gateway setting 'intake.${key}' (config/services/api-gateway/*.yaml or ORGO_API_GATEWAY__INTAKE__${key.toUpperCase()})`;
      if (!spec) problems.push(`${where}: unknown key; expected one of ${Object.keys(KEYS).join(', ')} — remove it or fix its spelling`);
      else if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        problems.push(`${where}: expected a whole number from ${spec.min} to ${spec.max}, found ${JSON.stringify(value)}`);
      } else settings[spec.field] = value;
    }
  }
  if (problems.length) throw new OrgoError('CONFIG.INVALID', `The api-gateway's intake settings are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
  return settings;
}

export const INTAKE_SETTINGS = Symbol('INTAKE_SETTINGS');
