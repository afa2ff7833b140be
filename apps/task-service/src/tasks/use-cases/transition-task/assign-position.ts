import { type Assignment, type PositionClock, type Severity, clockStarted, isSeverity, isTerminal, OrgoError, type TaskStatus, severityAtLeast } from '@orgo/domain';

import type { TaskEntity } from '../../entities/task.entity';
import type { TimelineEntryInput } from '../../task-timeline';

/**
 * A person assigns a task to a position (SPEC §4, §6), in memory: under automation level manual this
 * confirms (or corrects) the route its rules suggested while it waited in triage. The task takes the
 * position's label and chain and starts its escalation clock there, in the business time of the
 * position's calendar (`clock`; at once when its severity reaches the profile's threshold; on hold,
 * the whole time waits for the task to resume). The caller saves the task and records the entry.
 */
export function assignPosition(task: TaskEntity, assignment: Assignment, actor: string, threshold: Severity, now: Date, clock: PositionClock): TimelineEntryInput {
  if (isTerminal(task.status as TaskStatus)) {
    throw new OrgoError('TASK.CLOSED', `Task ${task.key} is ${task.status}; a closed task cannot be assigned`, {
      status: task.status,
      hint: 'reopen it first (PATCH status pending)',
    });
  }
  const from = task.assigneePosition;
  const suggested = task.suggestedPosition;
  task.assigneePosition = assignment.position;
  task.assigneePerson = null;
  task.label = assignment.label;
  task.escalationChain = assignment.chain;
  task.escalationLevel = 0;
  task.suggestedPosition = null;
  const severe = severityAtLeast(isSeverity(task.severity) ? task.severity : null, threshold);
  const dueIn = severe ? 0 : task.reactivityMs;
  const started = clockStarted(now, dueIn, clock);
  Object.assign(task, task.status === 'on_hold' ? { ...started, nextDueAt: null, warnAt: null, pausedRemainingMs: dueIn } : started);
  task.updatedAt = now.toISOString();
  task.version++;
  return {
    type: 'assigned',
    actor,
    data: {
      from,
      position: assignment.position,
      label: assignment.label,
      ...(suggested ? { suggested_position: suggested, confirmed: suggested === assignment.position } : {}),
    },
  };
}
