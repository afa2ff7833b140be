/**
 * The typed bus: each routing key maps to its payload, so publishing a wrong payload does not compile.
 */
import type { EmailIgnoredV1 } from './email/email-ignored';
import type { EmailParsedV1 } from './email/email-parsed';
import type { EmailReceivedV1 } from './email/email-received';
import type { EmailRejectedV1 } from './email/email-rejected';
import type { WebFormSubmittedV1 } from './email/web-form-submitted';
import type { NotificationSentV1 } from './notification/notification-sent';
import type { IdentityRevealedV1 } from './privacy/identity-reveal';
import type { ReporterPseudonymizedV1 } from './privacy/reporter-pseudonymized';
import type { RawEmailReadV1 } from './rpc/email-read-rpc';
import type { TaskRoutingKey } from './routing-keys';
import type { SecurityEventV1 } from './security/security-event';
import type { RulesRejectedV1, RulesReloadedV1 } from './rules/rules-changed';
import type { TaskCreateCommandV1 } from './task/task-create';
import type { TaskEscalateCommandV1 } from './task/task-escalate';
import type { TaskEventV1 } from './task/task-event';
import type { TaskReplyCommandV1 } from './task/task-reply';
import type { TaskTimeRuleCommandV1 } from './task/task-time-rule';
import type { TaskWarnCommandV1 } from './task/task-warn';

export interface FixedMessageMap {
  'email.received': EmailReceivedV1;
  'email.parsed': EmailParsedV1;
  'email.rejected': EmailRejectedV1;
  'email.ignored': EmailIgnoredV1;
  'email.web_form.submitted': WebFormSubmittedV1;
  'command.task.create': TaskCreateCommandV1;
  'command.task.escalate': TaskEscalateCommandV1;
  'command.task.reply': TaskReplyCommandV1;
  'command.task.warn': TaskWarnCommandV1;
  'command.task.time_rule': TaskTimeRuleCommandV1;
  'notification.sent': NotificationSentV1;
  'notification.failed': NotificationSentV1;
  'notification.broadcast.sent': NotificationSentV1;
  'notification.broadcast.failed': NotificationSentV1;
  'rules.reloaded': RulesReloadedV1;
  'rules.rejected': RulesRejectedV1;
  'privacy.reporter.pseudonymized': ReporterPseudonymizedV1;
  'security.identity.revealed': IdentityRevealedV1;
  'security.login.succeeded': SecurityEventV1;
  'security.login.failed': SecurityEventV1;
  'security.login.locked': SecurityEventV1;
  'security.mfa.enrolled': SecurityEventV1;
  'security.mfa.disabled': SecurityEventV1;
  'security.mfa.recovery_code_used': SecurityEventV1;
  'security.refresh.reuse_detected': SecurityEventV1;
  'security.logout': SecurityEventV1;
  'security.user.created': SecurityEventV1;
  'security.user.changed': SecurityEventV1;
  'security.user.deleted': SecurityEventV1;
  'security.email.raw_read': RawEmailReadV1;
}

export type RoutingKey = keyof FixedMessageMap | TaskRoutingKey;

export type PayloadOf<K extends string> = K extends keyof FixedMessageMap
  ? FixedMessageMap[K]
  : K extends TaskRoutingKey
    ? TaskEventV1
    : never;
