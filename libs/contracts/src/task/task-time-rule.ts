/**
 * escalation-scheduler → task-service: a time rule (SPEC §5 `on: time`) became true for a task.
 * Version 1. The scheduler sends it once per task and rule; the task-service applies the action.
 */
export interface TaskTimeRuleCommandV1 {
  taskId: string;
  /** The rule's name. */
  rule: string;
  condition: string;
  action: {
    /** Addresses (or role addresses, roles, positions) to notify. */
    notify?: string[];
    /** Move the task one step up its chain. */
    escalate?: boolean;
    /** Set the task's priority. */
    priority?: string;
  };
  /** The escalation level the scheduler saw, so an escalation is not applied twice. */
  expectedLevel: number;
  firedAt: string;
  actor: string;
}
