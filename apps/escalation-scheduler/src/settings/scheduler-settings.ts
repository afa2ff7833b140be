import { OrgoError } from '@orgo/domain';

/** The escalation-scheduler's settings (`config/services/escalation-scheduler/*.yaml` or `ORGO_ESCALATION_SCHEDULER__<KEY>`). */
export interface SchedulerSettings {
  /**
   * Longest sleep of the firing loop between looks at the timer tables. The loop normally wakes
   * exactly when the earliest timer is due; this bounds how long a replica that did not consume a
   * task event (another replica did) takes to notice a timer that replica set but could not fire
   * (it crashed), and how long a row written by hand takes to be seen.
   */
  safetyIntervalMs: number;
  /** How often every open task is evaluated against its organization's time rules. */
  timeRuleIntervalMs: number;
  /** How often each organization's review calendar is looked at (a period that ended without its run is run then, once). */
  reviewCheckIntervalMs: number;
}

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  safetyIntervalMs: 5_000,
  timeRuleIntervalMs: 15_000,
  reviewCheckIntervalMs: 60_000,
};

const KEYS = {
  safety_interval_ms: { field: 'safetyIntervalMs', min: 100, max: 300_000 },
  time_rule_interval_ms: { field: 'timeRuleIntervalMs', min: 1_000, max: 86_400_000 },
  review_check_interval_ms: { field: 'reviewCheckIntervalMs', min: 100, max: 86_400_000 },
} as const;

/**
 * Reads and checks the settings; a bad value stops the start with what, where and what to do.
 * Unknown keys are refused too (a misspelt key would silently keep the default).
 */
export function schedulerSettings(raw: Record<string, unknown> | undefined): SchedulerSettings {
  const settings = { ...DEFAULT_SCHEDULER_SETTINGS };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw ?? {})) {
    const spec = KEYS[key as keyof typeof KEYS];
    const where = `escalation-scheduler setting '${key}' (config/services/escalation-scheduler/*.yaml or ORGO_ESCALATION_SCHEDULER__${key.toUpperCase()})`;
    if (!spec) {
      problems.push(
        `${where}: unknown key; expected one of ${Object.keys(KEYS).join(', ')} — remove it or fix its spelling`,
      );
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
      problems.push(
        `${where}: expected a whole number of milliseconds from ${spec.min} to ${spec.max}, found ${JSON.stringify(value)}`,
      );
      continue;
    }
    settings[spec.field] = value;
  }
  if (problems.length)
    throw new OrgoError(
      'CONFIG.INVALID',
      `The escalation-scheduler's settings are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { problems },
    );
  return settings;
}

export const SCHEDULER_SETTINGS = Symbol('SCHEDULER_SETTINGS');
