import { QUEUES } from './routing-keys';

/**
 * The bus topology: each consuming service's durable queue and the routing keys it is bound to.
 * Every service declares the whole topology at start (idempotently), before it publishes anything,
 * so no message is ever published to a queue that does not exist yet. Persisted names: see
 * routing-keys.ts.
 */
export const QUEUE_BINDINGS: Record<(typeof QUEUES)[keyof typeof QUEUES], string[]> = {
  [QUEUES.parser]: ['email.received'],
  [QUEUES.ruleEngine]: ['email.parsed'],
  [QUEUES.taskService]: ['command.task.*'],
  [QUEUES.escalationScheduler]: ['task.#'],
  [QUEUES.notifier]: ['task.*.created', 'task.*.escalated', 'task.*.escalation_ended'],
  [QUEUES.auditLog]: ['#'],
};
