import type { NotificationPurpose, TaskEventV1 } from '@orgo/contracts';
import type { OrganizationModel } from '@orgo/domain';
import { audienceFor } from '@orgo/notifications';

/** Who is told about one task event, and what for. */
export interface Addressee {
  /** The person (email address, lower case). */
  person: string;
  /** For a broadcast task: the tier position through which the person is reached (tracked by the task-service). */
  position: string | null;
  /** The position the message speaks of (the template's `position`). */
  about: string;
}

export interface EventPlan {
  purpose: NotificationPurpose;
  /** Template purpose: usually the purpose; an acknowledgement may name its own template. */
  template: string;
  addressees: Addressee[];
  /** Sent by email whatever the person's preferences, at once (an acknowledgement to the sender). */
  emailOnly: boolean;
  /** Why nobody is told, when `addressees` is empty. */
  nobodyBecause?: string;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const lower = (people: string[]) => [...new Set(people.map((p) => p.trim().toLowerCase()).filter((p) => EMAIL.test(p)))];

/**
 * Who gets what for a task event (SPEC §6 Notifications, notification scope):
 * - created → `assigned` to the audience of the assigned position per the organization's
 *   notification_scope (a broadcast task: each holder of the tier, one per position and person);
 *   with `data.acknowledgement.send`, also an `acknowledgement` email to the reporter;
 * - assigned → `assigned`, escalated → `escalated`, to the audience of the (new) position;
 * - escalation_ended → `escalation_ended` to the holders of the top of the chain (an alert);
 * - breach_warning / escalation_warning / time_rule_fired → `warning` / `escalation_warning` /
 *   `time_rule` to `data.recipients`;
 * - status_changed to completed → `resolved` to the reporter when `acknowledged` says an
 *   acknowledgement was sent to them for this task.
 * Anything else: no plan.
 */
export function planForEvent(event: TaskEventV1, model: OrganizationModel | undefined, acknowledged: boolean): EventPlan[] {
  const { task } = event;
  const data = event.event.data ?? {};
  const audience = (position: string): Addressee[] => {
    const people = model ? audienceFor(model.parameters.notification_scope, position, model, task.assignee.person) : [];
    return lower(people.length > 0 ? people : event.assigneeHolders).map((person) => ({ person, position: null, about: position }));
  };
  const plan = (purpose: NotificationPurpose, addressees: Addressee[], nobodyBecause: string): EventPlan => ({
    purpose,
    template: purpose,
    addressees,
    emailOnly: false,
    ...(addressees.length === 0 ? { nobodyBecause } : {}),
  });
  const holdersOf = `position ${task.assignee.position} has no holders to notify`;
  switch (event.event.type) {
    case 'created': {
      const plans: EventPlan[] = [];
      if (task.broadcast) {
        const addressees = task.broadcast.recipients.map((r) => ({ person: r.person.toLowerCase(), position: r.position, about: r.position }));
        plans.push(plan('assigned', addressees, `the broadcast tier ${task.assignee.position} has no holders to notify`));
      } else {
        plans.push(plan('assigned', audience(task.assignee.position), holdersOf));
      }
      const ack = data.acknowledgement as { send?: boolean; template?: string } | null | undefined;
      if (ack?.send === true) {
        const reporter = lower([task.reporter]);
        plans.push({
          purpose: 'acknowledgement',
          template: typeof ack.template === 'string' && ack.template ? ack.template : 'acknowledgement',
          addressees: reporter.map((person) => ({ person, position: null, about: task.assignee.position })),
          emailOnly: true,
          ...(reporter.length === 0 ? { nobodyBecause: `the reporter '${task.reporter}' is not an email address` } : {}),
        });
      }
      return plans;
    }
    case 'assigned':
      return [plan('assigned', audience(task.assignee.position), holdersOf)];
    case 'escalated':
      return [plan('escalated', audience(task.assignee.position), holdersOf)];
    case 'escalation_ended': {
      const top = task.escalation.chain[task.escalation.chain.length - 1] ?? task.assignee.position;
      const holders = model?.positions.find((p) => p.id === top)?.holders ?? [];
      const people = lower(holders.length > 0 ? holders : event.assigneeHolders);
      return [plan('escalation_ended', people.map((person) => ({ person, position: null, about: top })), `the top of the chain ${top} has no holders to alert`)];
    }
    case 'breach_warning':
    case 'escalation_warning':
    case 'time_rule_fired': {
      const purpose: NotificationPurpose = event.event.type === 'breach_warning' ? 'warning' : event.event.type === 'time_rule_fired' ? 'time_rule' : 'escalation_warning';
      const recipients = Array.isArray(data.recipients) ? data.recipients.filter((r): r is string => typeof r === 'string') : [];
      return [plan(purpose, lower(recipients).map((person) => ({ person, position: null, about: task.assignee.position })), `the ${event.event.type} event names no recipients`)];
    }
    case 'status_changed': {
      if (data.to !== 'completed' || !acknowledged) return [];
      const reporter = lower([task.reporter]);
      return reporter.length === 0 ? [] : [{ purpose: 'resolved', template: 'resolved', addressees: reporter.map((person) => ({ person, position: null, about: task.assignee.position })), emailOnly: true }];
    }
    default:
      return [];
  }
}

