import { NOTIFICATION_CHANNELS, type NotificationChannel, type NotificationPurpose, type TaskSnapshotV1, type TaskTimelineEntryV1 } from '@orgo/contracts';

/** The media a template is written for: one folder each under `templates/`. */
export type TemplateMedium = NotificationChannel;
/** The parts of a message: SMS has a text only. */
export type TemplatePart = 'subject' | 'text';

export const TEMPLATE_MEDIA: readonly TemplateMedium[] = NOTIFICATION_CHANNELS;
export const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'text'];
export const NOTIFICATION_PURPOSES: readonly NotificationPurpose[] = [
  'assigned',
  'escalated',
  'escalation_ended',
  'escalation_warning',
  'warning',
  'resolved',
  'acknowledgement',
  'time_rule',
  'digest',
];

/** The parts each medium's templates have: SMS carries a text only. */
export function partsOf(medium: TemplateMedium): readonly TemplatePart[] {
  return medium === 'sms' ? ['text'] : TEMPLATE_PARTS;
}

/** One notification gathered into a digest. */
export interface DigestItem {
  key: string;
  label: string;
  title: string;
  /** What the held notification was for. */
  purpose: NotificationPurpose;
  /** When it was queued (ISO 8601). */
  at: string;
}

/**
 * What every template is rendered with. Placeholders outside it fail the render (strict), and
 * `orgo config check` renders every template with SAMPLE_CONTEXTS to find them before a mail does.
 */
export interface NotificationContext {
  /** The task the notification is about. A digest (several tasks) has none: its templates use `items`. */
  task: TaskSnapshotV1;
  /** The organization's display name (`Northside School`). */
  organization: string;
  /** The position told: the assignee's, or for a broadcast the tier position reached. */
  position: string;
  /** The assignment before the event (escalations); empty strings when there was none. */
  previous: { position: string; label: string };
  /** The timeline entry that caused the notification. */
  event: TaskTimelineEntryV1;
  /** The person the message goes to (email address). */
  recipient: string;
  /** When the current step breaches (the task's `escalation.next_due_at`), or null. */
  due_at: string | null;
  /** digest: the notifications it gathers, oldest first. */
  items?: DigestItem[];
  /** time_rule: the name of the time rule that fired. */
  rule?: string;
}
