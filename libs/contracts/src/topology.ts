import { QUEUES, ROUTING_KEYS, TOPIC_PATTERNS, taskEventPattern } from './routing-keys';

/**
 * The bus topology: each consuming service's durable queue and the routing keys it is bound to.
 * Every service declares the whole topology at start (idempotently), before it publishes anything,
 * so no message is ever published to a queue that does not exist yet. Persisted names: see
 * routing-keys.ts.
 */
/** The task events that tell people something: what the notifier consumes of the task lifecycle. */
export const NOTIFIER_TASK_EVENT_PATTERNS: readonly string[] = [
  taskEventPattern('created'),
  taskEventPattern('assigned'),
  taskEventPattern('escalated'),
  taskEventPattern('escalation_ended'),
  taskEventPattern('escalation_warning'),
  taskEventPattern('breach_warning'),
  taskEventPattern('time_rule_fired'),
  taskEventPattern('status_changed'),
];

export const QUEUE_BINDINGS: Record<(typeof QUEUES)[keyof typeof QUEUES], string[]> = {
  [QUEUES.parser]: [ROUTING_KEYS.emailReceived, ROUTING_KEYS.reporterPseudonymized],
  [QUEUES.ruleEngine]: [ROUTING_KEYS.emailParsed],
  // The task-service records how each broadcast recipient's notification went (SPEC §3 broadcast levels).
  [QUEUES.taskService]: [
    TOPIC_PATTERNS.taskCommands,
    ROUTING_KEYS.notificationBroadcastSent,
    ROUTING_KEYS.notificationBroadcastFailed,
  ],
  [QUEUES.escalationScheduler]: [TOPIC_PATTERNS.taskEvents],
  // A review's report goes to leadership by mail.
  [QUEUES.notifier]: [...NOTIFIER_TASK_EVENT_PATTERNS, ROUTING_KEYS.reviewCompleted],
  [QUEUES.auditLog]: [TOPIC_PATTERNS.everything],
};

/**
 * Bindings a queue once had and must lose: removed from the broker when the services declare the
 * topology (a durable queue keeps every binding it was ever given). A binding is retired one
 * release after the one whose producers stopped publishing under it, so that during a rolling
 * upgrade the old producers' messages (and those waiting in outboxes) still arrive; the consumers
 * keep handling the old keys until then.
 *
 * Next to retire (bound to `orgo.task-service` by releases before `notification.broadcast.*`; a
 * fleet upgraded from one keeps them, which costs the task-service a skipped delivery per
 * notification): `notification.sent` and `notification.failed`.
 */
export const RETIRED_BINDINGS: Partial<Record<(typeof QUEUES)[keyof typeof QUEUES], string[]>> = {};
