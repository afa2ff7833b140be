/**
 * escalation-scheduler → task-service: the pre-breach warning time of the task's current step has
 * come (SPEC §6: default at 80 % of the reactivity time). Version 1. `expectedLevel` and `warnAt`
 * make a late or repeated command harmless: it is skipped when the task moved on.
 */
export interface TaskWarnCommandV1 {
  taskId: string;
  expectedLevel: number;
  /** The warning time the scheduler saw on the task (`escalation.warn_at`). */
  warnAt: string;
  /** When the step breaches (`escalation.next_due_at`), for the message. */
  dueAt: string | null;
  actor: string;
  timerId: string;
}
