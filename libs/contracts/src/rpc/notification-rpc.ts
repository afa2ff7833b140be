import type { NotificationChannel, NotificationPurpose } from '../notification/notification-sent';

/** api-gateway → notifier request/response shapes (SPEC §7 `GET /notifications`, `PUT /me/preferences`, SSE). */

/** A notification's delivery state: queued (waiting, to be retried, or held), sent, failed (final). */
export const NOTIFICATION_STATUSES = ['queued', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One notification to one recipient on one channel, with its delivery state. */
export interface NotificationV1 {
  id: string;
  organization: string;
  task_id: string | null;
  task_key: string | null;
  purpose: NotificationPurpose;
  channel: NotificationChannel;
  recipient: string;
  subject: string;
  body: string;
  /** queued (waiting to be sent, or to be retried, or held for quiet hours / a digest), sent, failed (final). */
  status: NotificationStatus;
  attempts: number;
  /** When the next attempt is due while queued. */
  next_attempt_at: string | null;
  last_error: string | null;
  /** Why a queued notification waits: the person's quiet hours, or their digest; null otherwise. */
  held: 'quiet_hours' | 'digest' | null;
  /** Set when the notification went out inside a digest: the digest notification's id. */
  digest_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** Opaque, increasing: pass as `after` to get only newer notifications (the SSE stream resumes with it). */
  cursor: string;
}

export interface NotificationListQueryV1 {
  /** Only this person's notifications (a member sees only their own); null for an administrator's view of everyone's. */
  recipient: string | null;
  /** Organizations the caller may see; null for all. */
  scope: string[] | null;
  status?: 'queued' | 'sent' | 'failed';
  channel?: NotificationChannel;
  task_id?: string;
  /** A cursor from an earlier answer: only notifications after it, oldest first. */
  after?: string;
  limit: number;
  offset: number;
}

export interface NotificationListResultV1 {
  items: NotificationV1[];
  total: number;
  limit: number;
  offset: number;
}

/** Each notification at once, or gathered into one message an hour or a day. */
export const DIGEST_MODES = ['immediate', 'hourly', 'daily'] as const;
export type DigestMode = (typeof DIGEST_MODES)[number];

/** A person's effective notification preferences: the organization file's `people[].notify`, overridden by their own. */
export interface NotificationPreferencesV1 {
  email: string;
  organization: string;
  channels: NotificationChannel[];
  /** `22:00-07:00` in the organization's time zone, or null. */
  quiet_hours: string | null;
  digest: DigestMode;
  /** Which fields the person set themselves (the rest come from the organization file). */
  overridden: ('channels' | 'quiet_hours' | 'digest')[];
}

export interface NotificationPreferencesGetV1 {
  email: string;
  /** Organizations the caller belongs to; preferences are answered for each. */
  scope: string[] | null;
}

export interface NotificationPreferencesSetV1 {
  email: string;
  scope: string[] | null;
  /** Limit the change to one organization; absent: every organization the person is in. */
  organization?: string;
  channels?: NotificationChannel[];
  quiet_hours?: string | null;
  digest?: DigestMode;
}
