import type { Envelope, TaskEventV1 } from '@orgo/contracts';

/** The audit categories (SPEC §6 Audit), in the order `orgo audit verify` reports them. Persisted. */
export const AUDIT_CATEGORIES = ['task', 'email', 'workflow', 'security', 'system'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

/**
 * The audit category of a message: `task.*` task, `email.*` email, `security.*` and `privacy.*`
 * security (sign-ins, reveals, pseudonyms), `system.*` system (starts, stops, reloads, migrations,
 * retention runs); commands, notifications and rule reloads are workflow.
 */
export function auditCategory(routingKey: string): AuditCategory {
  if (routingKey.startsWith('task.')) return 'task';
  if (routingKey.startsWith('email.')) return 'email';
  if (routingKey.startsWith('security.') || routingKey.startsWith('privacy.')) return 'security';
  if (routingKey.startsWith('system.')) return 'system';
  return 'workflow';
}

/** Who did it: the timeline actor of a task event, else the producing service. */
export function auditActor(envelope: Envelope): string {
  const payload = envelope.payload as Partial<TaskEventV1> & { actor?: string };
  return payload.event?.actor ?? payload.actor ?? envelope.producer;
}

export interface AuditFacts {
  taskId: string | null;
  emailId: string | null;
  label: string | null;
  details: Record<string, unknown>;
}

type Payload = Record<string, unknown>;

/** Picks the named keys that are present. */
function pick(payload: Payload, keys: string[]): Payload {
  return Object.fromEntries(keys.filter((k) => payload[k] !== undefined).map((k) => [k, payload[k]]));
}

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Any email address in a free text (an SMTP error names its recipient), masked. */
function maskAddresses(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]') : value;
}

/**
 * Email events are heard before the rules decide whether the mail is sensitive, so they keep only
 * facts that name nobody: ids, the role mailbox, sizes and counts, reason codes, rule names. Never
 * From / To / Cc / Reply-To, display names, subject, headers, text or HTML, nor the parser's
 * free-text message (a rate-limit message names the sender).
 */
function emailDetails(type: string, p: Payload): Payload {
  const ids = pick(p, ['emailId', 'mailbox', 'messageId']);
  switch (type) {
    case 'email.received':
      return { ...ids, ...pick(p, ['source', 'receivedAt']), size: typeof p.rawBase64 === 'string' ? Math.floor((p.rawBase64.length * 3) / 4) : null };
    case 'email.parsed': {
      const attachments = Array.isArray(p.attachments) ? (p.attachments as { size?: number }[]) : [];
      return {
        ...ids,
        ...pick(p, ['date', 'receivedAt', 'autoSubmitted', 'bulk', 'bounce', 'fromOrgo']),
        toCount: count(p.to),
        ccCount: count(p.cc),
        textLength: text(p.text)?.length ?? 0,
        hasHtml: typeof p.html === 'string',
        attachments: attachments.length,
        attachmentBytes: attachments.reduce((sum, a) => sum + (typeof a.size === 'number' ? a.size : 0), 0),
        droppedAttachments: (Array.isArray(p.droppedAttachments) ? (p.droppedAttachments as { reason?: string }[]) : []).map((a) => a.reason ?? null),
        reply: p.inReplyTo !== null && p.inReplyTo !== undefined,
        references: count(p.references),
      };
    }
    case 'email.rejected':
      return { ...ids, ...pick(p, ['reason']) };
    case 'email.ignored':
      return { ...ids, ...pick(p, ['rule']) };
    case 'email.web_form.submitted':
      // Names nobody by contract; kept to the facts all the same.
      return { ...ids, ...pick(p, ['organization', 'role', 'kind', 'anonymous', 'attachments', 'submittedAt']) };
    default:
      return ids;
  }
}

/** What a routing decision may say: its rules and action, never who wrote, what, or the fallback. */
function taskCommandDetails(p: Payload): Payload {
  const { metadata: _metadata, ...action } = (p.action ?? {}) as Payload;
  return {
    ...pick(p, ['emailId', 'mailbox', 'messageId', 'matchedRules', 'receivedAt', 'acknowledgement']),
    action,
    attachments: count(p.attachments),
  };
}

function taskReplyDetails(p: Payload): Payload {
  return {
    ...pick(p, ['emailId', 'mailbox', 'messageId', 'subjectKey', 'automatic', 'receivedAt']),
    references: count(p.references),
    matchedRules: ((p.fallback ?? {}) as Payload).matchedRules ?? [],
  };
}

/** Notifications: recipients are role holders, except an acknowledgement, which goes to the reporter. */
function notificationDetails(p: Payload): Payload {
  const kept = pick(p, ['notificationId', 'taskId', 'taskKey', 'purpose', 'channel', 'file', 'position', 'attempts']);
  const recipients = p.purpose === 'acknowledgement' ? { recipientCount: count(p.recipients) } : { recipients: p.recipients };
  return { ...kept, ...recipients, error: maskAddresses(p.error ?? null) };
}

const NOTIFICATION_OUTCOMES = new Set(['notification.sent', 'notification.failed', 'notification.broadcast.sent', 'notification.broadcast.failed']);

/** Free text that never belongs in the trail, whatever the message. */
const NEVER = ['rawBase64', 'text', 'html', 'description', 'fallback', 'subject', 'title', 'from', 'to', 'cc', 'replyTo', 'headers', 'senderIndex', 'reporter', 'address', 'name'];

/**
 * What is kept of a message: its facts, never raw bytes, bodies or an identity (SPEC §6: audit
 * entries are already anonymized). A sensitive task's reporter is never written here.
 */
export function auditDetails(envelope: Envelope): AuditFacts {
  const payload = envelope.payload as Payload;
  const type = envelope.type;
  if (type.startsWith('task.')) {
    const { task, event, previous } = payload as unknown as TaskEventV1;
    const data = task.sensitive ? withoutKeys(event.data ?? {}, ['text', 'from', 'reporter', 'address', 'name']) : event.data;
    return {
      taskId: task.id,
      emailId: task.source.email_id,
      label: task.label,
      details: {
        key: task.key,
        event: event.type,
        status: task.status,
        position: task.assignee.position,
        level: task.escalation.level,
        data,
        previous,
        reporter: task.sensitive ? null : task.reporter,
      },
    };
  }
  const facts = { taskId: text(payload.taskId), emailId: text(payload.emailId), label: null };
  if (type.startsWith('email.')) return { ...facts, details: emailDetails(type, payload) };
  if (type === 'command.task.create') return { ...facts, details: taskCommandDetails(payload) };
  if (type === 'command.task.reply') return { ...facts, details: taskReplyDetails(payload) };
  if (NOTIFICATION_OUTCOMES.has(type)) return { ...facts, details: notificationDetails(payload) };
  if (type === 'privacy.reporter.pseudonymized') return { ...facts, details: pick(payload, ['emailId', 'pseudonym']) };
  return { ...facts, details: withoutKeys(payload, NEVER) };
}

function withoutKeys(value: Payload, keys: string[]): Payload {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}
