import { type PositionClock, type TaskStatus, CLOCK_STOPPED, assertTransition, clockPaused, clockResumed, isTerminal } from '@orgo/domain';

import type { TaskEntity } from '../../entities/task.entity';
import type { TimelineEntryInput } from '../../task-timeline';

/**
 * Moves a task to another status (SPEC §4), in memory: the caller saves it and records the returned
 * timeline entry in the same transaction. Illegal transitions throw `TASK.ILLEGAL_TRANSITION`.
 * `on_hold` pauses the escalation clock and keeps the business time left on the step (counted in
 * `clock`, the assigned position's calendar); leaving `on_hold` restarts it with that time, not the
 * whole reactivity time; a terminal status clears the clock. Taking a task records who took it.
 */
export function changeStatus(task: TaskEntity, to: TaskStatus, actor: string, reason: string | null, now: Date, clock: PositionClock): TimelineEntryInput {
  const from = task.status as TaskStatus;
  assertTransition(from, to);
  task.status = to;
  if (to === 'in_progress') task.assigneePerson = task.assigneePerson ?? actor;
  if (isTerminal(to)) Object.assign(task, CLOCK_STOPPED);
  else if (to === 'on_hold' && from !== 'on_hold') Object.assign(task, clockPaused(now, task, clock));
  else if (from === 'on_hold' && to !== 'on_hold') Object.assign(task, clockResumed(now, remainingOnHold(task), task.reactivityMs, clock));
  task.updatedAt = now.toISOString();
  task.version++;
  const data: Record<string, unknown> = { from, to, reason };
  if (to === 'on_hold' && task.pausedRemainingMs !== null) data.paused_remaining_ms = task.pausedRemainingMs;
  if (from === 'on_hold' && task.nextDueAt !== null) Object.assign(data, { due_at: task.nextDueAt, calendar: task.calendar });
  return { type: 'status_changed', actor, data };
}

/**
 * The time a task on hold resumes with: what its clock had left. A task that went on hold with no
 * clock running resumes with none while it waits for a person to confirm its route; otherwise
 * (a task put on hold before the clock kept its remainder) with the whole reactivity time.
 */
function remainingOnHold(task: TaskEntity): number | null {
  if (task.pausedRemainingMs !== null) return task.pausedRemainingMs;
  return task.suggestedPosition ? null : task.reactivityMs;
}
