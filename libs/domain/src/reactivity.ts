import { tryParseDuration } from './duration';
import type { Priority } from './priority';

export type ReactivitySource = 'rule' | 'metadata' | 'organization' | 'global_table' | 'global_default';

export interface ReactivityInput {
  ruleEscalateAfter?: string | null;
  metadataReactivity?: string | number | null;
  organizationTable?: Partial<Record<Priority, string>>;
  globalTable?: Partial<Record<Priority, string>>;
  globalDefault?: string | null;
}

/**
 * The time a task may wait before it escalates (SPEC §6): the rule's `escalate_after`, else the
 * task metadata's `reactivity_time`, else the organization's priority table (from its profile),
 * else the global priority table, else the global default. Null when none applies.
 */
export function resolveReactivity(input: ReactivityInput, priority: Priority): { ms: number; source: ReactivitySource } | null {
  const candidates: [ReactivitySource, unknown][] = [
    ['rule', input.ruleEscalateAfter],
    ['metadata', input.metadataReactivity],
    ['organization', input.organizationTable?.[priority]],
    ['global_table', input.globalTable?.[priority]],
    ['global_default', input.globalDefault],
  ];
  for (const [source, value] of candidates) {
    if (value === undefined || value === null || value === '') continue;
    const ms = tryParseDuration(value);
    if (ms !== undefined) return { ms, source };
  }
  return null;
}
