import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a mail needs besides subject and body, fixed when the notification is queued. */
export interface MailHeaders {
  from: string;
  replyTo: string | null;
  messageId: string;
  inReplyTo: string | null;
  /** Extra headers: Auto-Submitted and the X-Orgo-* stamps. */
  headers: Record<string, string>;
}

/** A file attached to a mail (a review report's JSON), its content as text. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

const json = { to: (v: unknown) => (v == null ? null : JSON.stringify(v)), from: (v: string | null) => (v == null ? null : JSON.parse(v)) };

export type NotificationStatus = 'queued' | 'sent' | 'failed';
/** Why a queued notification waits: the person's quiet hours, or their digest. */
export type NotificationHold = 'quiet_hours' | 'digest';

/**
 * One notification to one recipient on one channel and its delivery state (SPEC §6): queued, then
 * sent or failed (final), with the attempts made, when the next is due and the last error. `seq`
 * increases with every row: the API's cursor.
 */
@Entity({ name: 'notifications' })
@Index('notifications_due', ['status', 'nextAttemptAt'])
@Index('notifications_task_id', ['taskId'])
@Index('notifications_recipient', ['recipient'])
@Index('notifications_digest', ['digestId'])
@Index('notifications_review_run', ['reviewRunId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  seq!: number;

  /** Stable: derived from the event and the recipient, so a redelivered event inserts nothing twice. */
  @Index('notifications_id', { unique: true })
  @Column({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36, nullable: true })
  taskId!: string | null;

  @Column({ name: 'task_key', type: 'varchar', length: 32, nullable: true })
  taskKey!: string | null;

  /** The task's label and title when the notification was queued (a digest lists them). */
  @Column({ name: 'task_label', type: 'varchar', length: 200, nullable: true })
  taskLabel!: string | null;

  @Column({ name: 'task_title', type: 'text', nullable: true })
  taskTitle!: string | null;

  @Column({ type: 'varchar', length: 32 })
  purpose!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  /** An email address (email, in_app) or a phone number (sms). */
  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  /** The person told (their email address), also for SMS. */
  @Column({ type: 'varchar', length: 320 })
  person!: string;

  /** For a broadcast task: the tier position through which the recipient was reached. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  position!: string | null;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Email only: an HTML alternative of the text (a review report's HTML). */
  @Column({ type: 'text', nullable: true })
  html!: string | null;

  /** Email only: attached files (a review report's JSON). */
  @Column({ type: 'text', nullable: true, transformer: json })
  attachments!: MailAttachment[] | null;

  /** The review run whose report this notification carries (`review.completed`). */
  @Column({ name: 'review_run_id', type: 'varchar', length: 36, nullable: true })
  reviewRunId!: string | null;

  /** Email only: sender, Reply-To, Message-ID, In-Reply-To and stamps. */
  @Column({ type: 'text', nullable: true, transformer: json })
  mail!: MailHeaders | null;

  @Column({ type: 'varchar', length: 16 })
  status!: NotificationStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  held!: NotificationHold | null;

  @Column({ type: 'integer' })
  attempts!: number;

  /** When the next attempt is due (the held time for quiet hours and digests); null once final. */
  @Column({ name: 'next_attempt_at', type: 'varchar', length: 24, nullable: true })
  nextAttemptAt!: string | null;

  /** A delivery worker holds the row until then; after it (a crashed send) another may retry it. */
  @Column({ name: 'lease_until', type: 'varchar', length: 24, nullable: true })
  leaseUntil!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The digest notification that carried this one. */
  @Column({ name: 'digest_id', type: 'varchar', length: 36, nullable: true })
  digestId!: string | null;

  /** Where the file transport wrote the mail. */
  @Column({ type: 'text', nullable: true })
  file!: string | null;

  /** The event that caused it (for the emitted event's correlation). */
  @Column({ name: 'cause_id', type: 'varchar', length: 36, nullable: true })
  causeId!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 24, nullable: true })
  sentAt!: string | null;
}
