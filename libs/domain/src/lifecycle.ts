import { OrgoError } from './errors';

export const TASK_STATUSES = ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * The one task lifecycle (SPEC §4): pending → in_progress → completed, with on_hold (the clock
 * pauses), escalated (until someone at the new level accepts), failed and cancelled.
 * completed, failed and cancelled are terminal.
 */
const TRANSITIONS: Record<TaskStatus, TaskStatus[]> = {
  pending: ['in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'],
  in_progress: ['on_hold', 'escalated', 'completed', 'failed', 'cancelled'],
  on_hold: ['pending', 'in_progress', 'escalated', 'cancelled', 'failed'],
  escalated: ['in_progress', 'escalated', 'on_hold', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

export function allowedTransitions(from: TaskStatus): TaskStatus[] {
  return [...TRANSITIONS[from]];
}

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: TaskStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** Whether the escalation clock runs in this status. */
export function clockRunning(status: TaskStatus): boolean {
  return status !== 'on_hold' && !isTerminal(status);
}

export function assertTransition(from: TaskStatus, to: TaskStatus): void {
  if (canTransition(from, to)) return;
  const allowed = allowedTransitions(from);
  const reason = isTerminal(from)
    ? `the task is ${from}, which is final`
    : from === to
      ? `the task is already ${from}`
      : `a ${from} task can only become ${allowed.join(', ')}`;
  throw new OrgoError('TASK.ILLEGAL_TRANSITION', `Cannot move a task from ${from} to ${to}: ${reason}`, { from, to, allowed });
}
