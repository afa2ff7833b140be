import type { AttachmentLink } from './attachment-links';
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

/** Purposes that are no task's notification and go by email only (a review's report): email templates only. */
export const EMAIL_ONLY_PURPOSES: readonly NotificationPurpose[] = ['review_report'];

/** Every purpose that has built-in templates. */
export const ALL_PURPOSES: readonly NotificationPurpose[] = [...NOTIFICATION_PURPOSES, ...EMAIL_ONLY_PURPOSES];

/** The media a purpose has templates for. */
export function mediaOf(purpose: string): readonly TemplateMedium[] {
  return (EMAIL_ONLY_PURPOSES as readonly string[]).includes(purpose) ? ['email'] : TEMPLATE_MEDIA;
}

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

/** review_report: the run a report mail carries (its full report is the mail's HTML part and JSON attachment). */
export interface ReviewMailContext {
  id: string;
  /** day, week, month, quarter or year. */
  period: string;
  period_start: string;
  period_end: string;
  /** The report's own subject line (`[Review · month 2026-02-01] Northside School: 1 pattern, 14 new`). */
  subject: string;
  totals: { new: number; resolved: number; unresolved: number; critical: number; escalated: number; stuck: number };
  /** The patterns found: what they share, how many cases, where the investigation goes and what became of it. */
  patterns: { cluster: string; shared: string; cases: number; responsible: string; outcome: string; /** The investigation task's id, when one was opened, proposed or joined. */ investigation: string | null }[];
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
  /** The task's files as links to the download route: a notification links them, never embeds them. Absent or empty: none. */
  attachments?: AttachmentLink[];
  /** When the current step breaches (the task's `escalation.next_due_at`), or null. */
  due_at: string | null;
  /** digest: the notifications it gathers, oldest first. */
  items?: DigestItem[];
  /** time_rule: the name of the time rule that fired. */
  rule?: string;
  /** review_report: the review run. */
  review?: ReviewMailContext;
}
