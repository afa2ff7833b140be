import type { TaskEscalateCommandV1 } from '@orgo/contracts';
import { type OrganizationDirectory, type PositionClock, clockStarted } from '@orgo/domain';

import type { TaskEntity } from '../../entities/task.entity';
import type { TimelineEntryInput } from '../../task-timeline';

/**
 * Automation level manual (SPEC §6 Profiles): the step's time is spent, but the task stays where it
 * is; the rest of its chain is warned (`escalation_warning`, which the notifier delivers) and the
 * clock restarts for the next warning. In memory: the caller saves the task and records the entry.
 */
export function warnChainEntry(task: TaskEntity, command: TaskEscalateCommandV1, directory: OrganizationDirectory, now: Date, clock: PositionClock): TimelineEntryInput {
  const positions = task.escalationChain.slice(task.escalationLevel + 1);
  const recipients = [...new Set(positions.flatMap((p) => directory.holdersOf(p)))];
  Object.assign(task, clockStarted(now, task.reactivityMs, clock));
  task.updatedAt = now.toISOString();
  task.version++;
  return {
    type: 'escalation_warning',
    actor: command.actor,
    data: {
      level: task.escalationLevel,
      position: task.assigneePosition,
      positions,
      recipients,
      reason: command.reason,
      automation_level: 'manual',
      due_at: command.dueAt,
      next_warning_at: task.nextDueAt,
      calendar: task.calendar,
    },
  };
}
