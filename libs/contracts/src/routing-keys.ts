/**
 * Routing keys, exchange and queue names.
 *
 * These are PERSISTED names: RabbitMQ bindings, queues, dead letters and outbox rows refer to them.
 * Changing one needs a migration plan (bind both names, drain, then unbind the old one).
 */

export const EVENTS_EXCHANGE = 'orgo.events';

export const ROUTING_KEYS = {
  emailReceived: 'email.received',
  emailParsed: 'email.parsed',
  emailRejected: 'email.rejected',
  emailIgnored: 'email.ignored',
  /** api-gateway → audit-log (category email): a web intake report or follow-up was handed to the email-gateway. */
  emailWebFormSubmitted: 'email.web_form.submitted',
  taskCreate: 'command.task.create',
  taskEscalate: 'command.task.escalate',
  taskReply: 'command.task.reply',
  /** escalation-scheduler → task-service: the pre-breach warning time of a task's current step has come. */
  taskWarn: 'command.task.warn',
  /** escalation-scheduler → task-service: a time rule's condition became true for a task. */
  taskTimeRule: 'command.task.time_rule',
  /** escalation-scheduler → task-service: a review found a pattern; open (or propose) an investigation linking the cases. */
  taskInvestigate: 'command.task.investigate',
  /** escalation-scheduler → task-service: new cases of a pattern join its open investigation. */
  taskInvestigationJoin: 'command.task.investigation_join',
  notificationSent: 'notification.sent',
  notificationFailed: 'notification.failed',
  /**
   * The same outcomes for a recipient of a broadcast tier (the notification names its `position`):
   * a key of their own, so that the task-service, which tracks only those, is not delivered the rest.
   */
  notificationBroadcastSent: 'notification.broadcast.sent',
  notificationBroadcastFailed: 'notification.broadcast.failed',
  rulesReloaded: 'rules.reloaded',
  rulesRejected: 'rules.rejected',
  /** rule-engine → parser, audit-log: a sender is known by a pseudonym (no identity on the wire). */
  reporterPseudonymized: 'privacy.reporter.pseudonymized',
  /** rule-engine → audit-log (category security): a privacy officer revealed a pseudonym. */
  identityRevealed: 'security.identity.revealed',
  /** api-gateway → audit-log (category security): sign-in, lockout, MFA, token families, user permissions. */
  securityLoginSucceeded: 'security.login.succeeded',
  securityLoginFailed: 'security.login.failed',
  securityLoginLocked: 'security.login.locked',
  securityMfaEnrolled: 'security.mfa.enrolled',
  securityMfaDisabled: 'security.mfa.disabled',
  securityRecoveryCodeUsed: 'security.mfa.recovery_code_used',
  securityRefreshReuseDetected: 'security.refresh.reuse_detected',
  securityLogout: 'security.logout',
  securityUserCreated: 'security.user.created',
  securityUserChanged: 'security.user.changed',
  securityUserDeleted: 'security.user.deleted',
  /** email-gateway → audit-log (category security): someone was handed an email's raw bytes (`GET /emails/{id}/raw`). */
  securityRawEmailRead: 'security.email.raw_read',
  /** escalation-scheduler → notifier, audit-log (category workflow): a review run is stored; its report goes to leadership. */
  reviewCompleted: 'review.completed',
} as const;

/** Events of the task lifecycle, published as `task.<type>.<event>`. */
export const TASK_EVENTS = [
  'created',
  'routed',
  'assigned',
  'accepted',
  'status_changed',
  'escalated',
  'escalation_ended',
  'commented',
  'reply_received',
  'eta_set',
  'notified',
  /** The assignee is warned that the step's reactivity time is nearly spent (default at 80 %). */
  'breach_warning',
  /** Automation level manual: the step's time is spent; the chain is warned instead of the task being reassigned. */
  'escalation_warning',
  /** A time rule (`on: time`) matched the task; its data says which rule and what it did. */
  'time_rule_fired',
  'priority_changed',
  /** A duplicate was merged into this task (SPEC §6 Mail hygiene); data names the duplicate and its source. */
  'merged',
  /** This task was merged into another as a duplicate and cancelled; data names the surviving task. */
  'merged_into',
  /** A task was split off this one (the same mail, another problem); data names the new task. */
  'split',
  /** This task was split off another one; data names the original. */
  'split_from',
  /** A review's investigation took this case in (SPEC §6 patterns); data names the investigation and its cluster. */
  'investigation_linked',
  /** Cases were linked to this investigation (when it opened, and when new cases join); data lists them. */
  'cases_linked',
  /** A file was added to the task (SPEC §4): data names it (id, name, size, type, source, sha256). */
  'attachment_added',
] as const;
export type TaskEventName = (typeof TASK_EVENTS)[number];

export type TaskRoutingKey = `task.${string}.${TaskEventName}`;

/** `task.maintenance.created`; the task type must already be a routing-key-safe token. */
export function taskRoutingKey<E extends TaskEventName>(type: string, event: E): `task.${string}.${E}` {
  if (!/^[a-z0-9_-]+$/.test(type)) throw new Error(`task type '${type}' is not a routing-key-safe token`);
  return `task.${type}.${event}`;
}

/** A topic pattern for one event of every task type, e.g. `task.*.created`. */
export function taskEventPattern<E extends TaskEventName>(event: E): `task.*.${E}` {
  return `task.*.${event}`;
}

/** Topic patterns over several routing keys (`*` is one word, `#` zero or more), for bindings and handlers. */
export const TOPIC_PATTERNS = {
  taskCommands: 'command.task.*',
  taskEvents: 'task.#',
  everything: '#',
} as const;

/** Request/response names of the RPC calls the API makes to the services. */
export const RPC = {
  taskList: 'rpc.task.list',
  taskGet: 'rpc.task.get',
  /** One attachment of a task the caller may see: where its bytes are (`GET /tasks/{id}/attachments/{aid}`). */
  taskAttachment: 'rpc.task.attachment',
  /** parser: an email attachment's bytes by content hash. */
  attachmentContent: 'rpc.attachment.content',
  taskEvents: 'rpc.task.events',
  taskTransition: 'rpc.task.transition',
  /** Manual escalation (`POST /tasks/{id}/escalate`). */
  taskEscalate: 'rpc.task.escalate',
  /** A manual task (`POST /tasks`): the same planning, label, routing and clock as a task from mail. */
  taskCreate: 'rpc.task.create',
  /** `POST /tasks/{id}/merge`: the task is a duplicate of another and is closed into it. */
  taskMerge: 'rpc.task.merge',
  /** `POST /tasks/{id}/split`: a new task from the same source mail (one mail, two problems). */
  taskSplit: 'rpc.task.split',
  notificationList: 'rpc.notification.list',
  notificationPreferencesGet: 'rpc.notification.preferences.get',
  notificationPreferencesSet: 'rpc.notification.preferences.set',
  organizationGet: 'rpc.organization.get',
  rulesTest: 'rpc.rules.test',
  rulesList: 'rpc.rules.list',
  auditList: 'rpc.audit.list',
  auditVerify: 'rpc.audit.verify',
  /** `orgo import`: what became of many accepted emails at once (their outcome entries). */
  auditOutcomes: 'rpc.audit.outcomes',
  /** A privacy officer reveals the identity behind a pseudonym (rule-engine). */
  privacyReveal: 'rpc.privacy.reveal',
  /** A sensitive manual task: its reporter's pseudonym and scrubbed text (rule-engine). */
  privacyPseudonymize: 'rpc.privacy.pseudonymize',
  /** Reviews (escalation-scheduler): stored runs, one run's report (JSON, HTML), a run now. */
  reviewList: 'rpc.review.list',
  reviewGet: 'rpc.review.get',
  reviewHtml: 'rpc.review.html',
  reviewRun: 'rpc.review.run',
} as const;

/** One durable queue per consuming service; replicas compete on it. */
export const QUEUES = {
  parser: 'orgo.parser',
  ruleEngine: 'orgo.rule-engine',
  taskService: 'orgo.task-service',
  escalationScheduler: 'orgo.escalation-scheduler',
  notifier: 'orgo.notifier',
  auditLog: 'orgo.audit-log',
} as const;

export const SERVICE_NAMES = [
  'email-gateway',
  'parser',
  'rule-engine',
  'task-service',
  'escalation-scheduler',
  'notifier',
  'audit-log',
  'api-gateway',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
