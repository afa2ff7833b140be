import type { Task } from '../api/types';

export interface DayCount {
  day: string;
  created: number;
  resolved: number;
  escalated: number;
}

const dayOf = (iso: string) => iso.slice(0, 10);

/** Monday 00:00 (UTC) of the week of `now`. */
export function startOfWeek(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day;
}

/** Per day of the last `days` days: tasks created, resolved (completed, last changed that day) and escalations. */
export function dailyCounts(
  tasks: Task[],
  escalations: EscalationEntry[],
  days: number,
  now: Date,
): DayCount[] {
  const rows = new Map<string, DayCount>();
  for (let i = days - 1; i >= 0; i--) {
    const day = dayOf(new Date(now.getTime() - i * 86_400_000).toISOString());
    rows.set(day, { day, created: 0, resolved: 0, escalated: 0 });
  }
  for (const t of tasks) {
    const created = rows.get(dayOf(t.created_at));
    if (created) created.created++;
    const resolved = t.status === 'completed' ? rows.get(dayOf(t.updated_at)) : undefined;
    if (resolved) resolved.resolved++;
  }
  for (const e of escalations) {
    const row = rows.get(dayOf(e.at));
    if (row) row.escalated++;
  }
  return [...rows.values()];
}

/** An `task.*.escalated` audit entry: the task event's data is under `details.data` (audit-log's audit-details.ts). */
export interface EscalationEntry {
  at: string;
  details?: { data?: { reason?: string } | null };
}

/** Breaches: escalations because the reactivity time ran out (not manual, crisis or rule ones), at or after `since`. */
export function breachesSince(escalations: EscalationEntry[], since: Date): number {
  return escalations.filter(
    (e) => Date.parse(e.at) >= since.getTime() && e.details?.data?.reason === 'reactivity_elapsed',
  ).length;
}

/** Open tasks per assigned position, the most loaded first. */
export function openByPosition(
  tasks: Task[],
): { position: string; level: number; open: number; escalated: number }[] {
  const rows = new Map<string, { position: string; level: number; open: number; escalated: number }>();
  for (const t of tasks) {
    const position = t.assignee.position;
    const row = rows.get(position) ?? {
      position,
      level: Number(position.split('.')[0]) || 0,
      open: 0,
      escalated: 0,
    };
    row.open++;
    if (t.status === 'escalated') row.escalated++;
    rows.set(position, row);
  }
  return [...rows.values()].sort((a, b) => b.open - a.open || a.level - b.level);
}
