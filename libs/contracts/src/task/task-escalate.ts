/**
 * escalation-scheduler (timer due) or api-gateway (manual) → task-service: move the task one step
 * up its chain. Version 1. `expectedLevel` makes a late or repeated command harmless.
 */
export interface TaskEscalateCommandV1 {
  taskId: string;
  /** The escalation level the sender saw; the command is skipped when the task has moved on. */
  expectedLevel: number;
  reason: 'reactivity_elapsed' | 'manual' | 'severity' | 'crisis' | 'reply' | 'time_rule';
  actor: string;
  dueAt: string | null;
  /** The timer that fired, when it came from the scheduler. */
  timerId: string | null;
  /** Why, in the words of the person who escalated by hand (API); absent for a timer. */
  note?: string | null;
}
