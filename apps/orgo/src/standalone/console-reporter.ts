import type { EmailIgnoredV1, EmailRejectedV1, Envelope, RulesRejectedV1, RulesReloadedV1, TaskEventV1 } from '@orgo/contracts';
import { formatDuration, formatIssue } from '@orgo/domain';
import type { MessageBus } from '@orgo/messaging';

const QUEUE = 'orgo.standalone-console';

/**
 * Shows a person what happened, one line per fact: each mail → task key, label, assignee; each
 * escalation; each ignored or quarantined mail; each rule change taken or refused. (The JSON log in
 * `<home>/logs/` has everything.)
 */
export async function startConsoleReporter(bus: MessageBus, print: (line: string) => void): Promise<void> {
  await bus.declareQueue({
    name: QUEUE,
    bindings: ['task.*.created', 'task.*.escalated', 'task.*.escalation_ended', 'task.*.breach_warning', 'task.*.escalation_warning', 'task.*.time_rule_fired', 'task.*.status_changed', 'task.*.reply_received', 'email.ignored', 'email.rejected', 'rules.reloaded', 'rules.rejected'],
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
  if (envelope.type === 'rules.reloaded') {
    const p = envelope.payload as RulesReloadedV1;
    return `${time}  rules        ${p.organization}: reloaded (${p.hash.slice(0, 12)})${p.cleared ? '; the earlier problems are fixed' : ''}`;
  }
  if (envelope.type === 'rules.rejected') {
    const p = envelope.payload as RulesRejectedV1;
    const problems = p.problems.map((i) => `\n               - ${formatIssue(i)}`);
    return `${time}  RULES        ${p.organization}: changed rule files refused, the last good rules still route (${p.problems.length} problem${p.problems.length === 1 ? '' : 's'})${problems.join('')}`;
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
    case 'breach_warning':
      return `${time}  warning      ${task.key} ${task.label} ${escalatesIn(task.escalation.next_due_at)} (${task.assignee.position} warned)`;
    case 'escalation_warning':
      return `${time}  warning      ${task.key} ${task.label} is due; automation is manual, so the chain is warned instead of the task moving`;
    case 'time_rule_fired':
      return `${time}  time rule    ${task.key} ${task.label} ${String(event.data.rule ?? '')}`;
    default:
      return `${time}  ${event.type.padEnd(12)} ${task.key} ${task.label} ${String(event.data.from ?? '')} → ${String(event.data.to ?? '')}`;
  }
}

function escalatesIn(dueAt: string | null): string {
  if (!dueAt) return 'does not escalate by time';
  const seconds = Math.max(0, Math.round((Date.parse(dueAt) - Date.now()) / 1000));
  return `escalates in ${formatDuration(seconds * 1000)} unless someone acts`;
}
