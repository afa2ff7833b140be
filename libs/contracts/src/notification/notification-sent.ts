/** What a notification is for; each has a template per medium (`<medium>/<purpose>.<part>.njk`). */
export type NotificationPurpose =
  | 'assigned'
  | 'escalated'
  | 'escalation_ended'
  | 'escalation_warning'
  | 'warning'
  | 'resolved'
  | 'acknowledgement'
  | 'time_rule'
  | 'digest'
  /** A review run's report, to leadership and the heads concerned (email only). */
  | 'review_report';

/** How a notification reaches a person. */
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'in_app'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** notifier → audit, task-service: a notification left (or finally failed). Version 1. */
export interface NotificationSentV1 {
  notificationId: string;
  taskId: string;
  taskKey: string;
  purpose: NotificationPurpose;
  channel: NotificationChannel;
  recipients: string[];
  subject: string;
  /** Where the file transport wrote the message, when it did. */
  file: string | null;
  error: string | null;
  /** For a broadcast task: the position of the tier through which the (single) recipient was reached. */
  position?: string;
  /** Delivery attempts so far; on `notification.failed` the failure is final (retries are spent). */
  attempts?: number;
}
