/** notifier → audit, task-service: a notification left (or finally failed). Version 1. */
export interface NotificationSentV1 {
  notificationId: string;
  taskId: string;
  taskKey: string;
  purpose: 'assigned' | 'escalated' | 'resolved' | 'acknowledgement';
  channel: 'email' | 'sms' | 'in_app';
  recipients: string[];
  subject: string;
  /** Where the file transport wrote the message, when it did. */
  file: string | null;
  error: string | null;
  /** For a broadcast task: the position of the tier through which the (single) recipient was reached. */
  position?: string;
}
