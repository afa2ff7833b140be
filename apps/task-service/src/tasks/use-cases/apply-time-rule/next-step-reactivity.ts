import { type Priority, tryParseDuration } from '@orgo/domain';

/**
 * The reactivity of the next steps after a priority change: only a reactivity that came from the
 * organization's priority table (the `routed` entry's `reactivity.source`) depends on the priority,
 * so only then is it taken again from that table for the new priority. A rule's `escalate_after`
 * or the task's metadata keep theirs. Returns null when nothing changes.
 */
export function nextStepReactivity(source: unknown, table: Partial<Record<Priority, string>> | undefined, priority: Priority, current: number | null): number | null {
  if (source !== 'organization' || current === null) return null;
  const ms = tryParseDuration(table?.[priority]);
  return ms === undefined || ms === current ? null : ms;
}
