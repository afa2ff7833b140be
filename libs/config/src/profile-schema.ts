import {
  PARAMETER_VALUES,
  PRIORITIES,
  PROFILE_PARAMETER_KEYS,
  type ProfileParameters,
  tryParseDuration,
} from '@orgo/domain';

import { type Checker, join } from './checker';

const DURATION_EXPECTED = "a duration such as '30m', '4h', '2 days', '1w'";

/**
 * Validates profile parameters (a whole profile, or an organization's partial overrides). Returns the
 * valid ones; every invalid value is an issue.
 */
export function checkParameters(check: Checker, value: unknown, path: string, partial: boolean): Partial<ProfileParameters> {
  const raw = check.object(value, path, PROFILE_PARAMETER_KEYS, partial ? [] : PROFILE_PARAMETER_KEYS);
  if (!raw) return {};
  const out: Partial<ProfileParameters> = {};
  if (raw.reactivity !== undefined) {
    const table = check.object(raw.reactivity, join(path, 'reactivity'), PRIORITIES, partial ? [] : PRIORITIES);
    if (table) {
      const valid: Partial<Record<(typeof PRIORITIES)[number], string>> = {};
      for (const priority of PRIORITIES) {
        const v = table[priority];
        if (v === undefined) continue;
        if (tryParseDuration(v) === undefined) check.issue(join(join(path, 'reactivity'), priority), DURATION_EXPECTED, v);
        else valid[priority] = String(v);
      }
      out.reactivity = valid as ProfileParameters['reactivity'];
    }
  }
  for (const key of Object.keys(PARAMETER_VALUES) as (keyof typeof PARAMETER_VALUES)[]) {
    const v = check.oneOf(raw[key], join(path, key), PARAMETER_VALUES[key] as readonly string[]);
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  if (raw.pattern_sensitivity !== undefined) {
    const ps = check.object(raw.pattern_sensitivity, join(path, 'pattern_sensitivity'), ['count', 'window'], ['count', 'window']);
    if (ps) {
      const countOk = Number.isInteger(ps.count) && (ps.count as number) > 0;
      const windowOk = tryParseDuration(ps.window) !== undefined;
      if (!countOk) check.issue(join(path, 'pattern_sensitivity.count'), 'a whole number of cases above 0', ps.count);
      if (!windowOk) check.issue(join(path, 'pattern_sensitivity.window'), DURATION_EXPECTED, ps.window);
      if (countOk && windowOk) out.pattern_sensitivity = { count: ps.count as number, window: String(ps.window) };
    }
  }
  if (raw.retention !== undefined) {
    if (raw.retention !== 'indefinite' && tryParseDuration(raw.retention) === undefined) {
      check.issue(join(path, 'retention'), `${DURATION_EXPECTED} or 'indefinite'`, raw.retention);
    } else out.retention = String(raw.retention);
  }
  return out;
}
