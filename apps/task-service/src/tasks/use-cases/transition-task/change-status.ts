import { type TaskStatus, assertTransition, isTerminal } from '@orgo/domain';

import type { TaskEntity } from '../../entities/task.entity';
import type { TimelineEntryInput } from '../../task-timeline';

/**
 * Moves a task to another status (SPEC §4), in memory: the caller saves it and records the returned
 * timeline entry in the same transaction. Illegal transitions throw `TASK.ILLEGAL_TRANSITION`.
 * `on_hold` and the terminal statuses stop the escalation clock; leaving `on_hold` restarts it with
 * the full reactivity time; taking a task records who took it.
 */
export function changeStatus(task: TaskEntity, to: TaskStatus, actor: string, reason: string | null, now: Date): TimelineEntryInput {
  const from = task.status as TaskStatus;
  assertTransition(from, to);
  task.status = to;
  if (to === 'in_progress') task.assigneePerson = task.assigneePerson ?? actor;
  if (to === 'on_hold' || isTerminal(to)) task.nextDueAt = null;
  else if (from === 'on_hold' && task.reactivityMs !== null) task.nextDueAt = new Date(now.getTime() + task.reactivityMs).toISOString();
  task.updatedAt = now.toISOString();
  task.version++;
  return { type: 'status_changed', actor, data: { from, to, reason } };
}
