import type { EmailIgnoredV1, EmailRejectedV1, Envelope, TaskEventV1 } from '@orgo/contracts';
import { formatDuration } from '@orgo/domain';
import type { MessageBus } from '@orgo/messaging';

const QUEUE = 'orgo.standalone-console';

/**
 * Shows a person what happened, one line per fact: each mail → task key, label, assignee; each
 * escalation; each ignored or quarantined mail. (The JSON log in `<home>/logs/` has everything.)
 */
export async function startConsoleReporter(bus: MessageBus, print: (line: string) => void): Promise<void> {
  await bus.declareQueue({
    name: QUEUE,
    bindings: ['task.*.created', 'task.*.escalated', 'task.*.escalation_ended', 'task.*.status_changed', 'task.*.reply_received', 'email.ignored', 'email.rejected'],
    prefetch: 64,
    retryDelaysMs: [],
    transient: true,
  });
  await bus.consume(
    QUEUE,
    async (envelope: Envelope) => {
      print(describe(envelope));
      return 'processed';
    },
    async () => undefined,
  );
}

function describe(envelope: Envelope): string {
  const time = new Date(envelope.occurredAt).toLocaleTimeString('en-GB');
  if (envelope.type === 'email.ignored') {
    const p = envelope.payload as EmailIgnoredV1;
    return `${time}  ignored      "${p.subject}" to ${p.mailbox} (rule ${p.rule})`;
  }
  if (envelope.type === 'email.rejected') {
    const p = envelope.payload as EmailRejectedV1;
    return `${time}  quarantined  mail to ${p.mailbox}: ${p.reason} — ${p.message}`;
  }
  const { task, event, assigneeHolders, previous } = envelope.payload as TaskEventV1;
  const who = assigneeHolders.length ? assigneeHolders.join(', ') : 'nobody holds it';
  switch (event.type) {
    case 'created':
      return `${time}  new task     ${task.key} ${task.label}  "${task.title}" → ${task.assignee.position} (${who}); ${escalatesIn(task.escalation.next_due_at)}`;
    case 'escalated':
      return `${time}  escalated    ${task.key} ${previous?.label ?? ''} → ${task.label}  now ${task.assignee.position} (${who})`;
    case 'reply_received': {
      const d = event.data as { action?: string; applied?: boolean; reason?: string | null };
      return `${time}  reply        ${task.key} from ${event.actor}: ${d.action}${d.applied ? '' : ` — not applied (${d.reason})`}`;
    }
    case 'escalation_ended':
      return `${time}  ALERT        ${task.key} ${task.label} unresolved at the top of its chain (${task.assignee.position})`;
    default:
      return `${time}  ${event.type.padEnd(12)} ${task.key} ${task.label} ${String(event.data.from ?? '')} → ${String(event.data.to ?? '')}`;
  }
}

function escalatesIn(dueAt: string | null): string {
  if (!dueAt) return 'does not escalate by time';
  const seconds = Math.max(0, Math.round((Date.parse(dueAt) - Date.now()) / 1000));
  return `escalates in ${formatDuration(seconds * 1000)} unless someone acts`;
}
