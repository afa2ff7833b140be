export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = 'medium';

export const SEVERITIES = ['minor', 'moderate', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Whether a severity reaches a threshold; an unset severity never does (SPEC §6). */
export function severityAtLeast(severity: Severity | null | undefined, threshold: Severity): boolean {
  if (!severity) return false;
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}
