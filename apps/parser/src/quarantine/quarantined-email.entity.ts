import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A message that could not be parsed or validated: kept with its reason and its raw bytes, never
 * dropped, so that it can be replayed once the cause is fixed. What may name the sender (sender,
 * subject, message, raw bytes) is sealed; the sender is found again by its blind index.
 */
@Entity({ name: 'quarantined_emails' })
@Index('quarantined_emails_reason', ['reason', 'quarantinedAt'])
@Index('quarantined_emails_sender_index_received', ['organization', 'senderIndex', 'receivedAt'])
export class QuarantinedEmailEntity {
  @PrimaryColumn({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  organization!: string | null;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 1000, nullable: true })
  messageId!: string | null;

  /** The sender's address when it could be read, sealed. */
  @Column({ type: 'text', nullable: true })
  sender!: string | null;

  /** The sender's blind index (`senderIndexOf`): the rate limit, a sender filter, the pseudonym of a sensitive reporter. */
  @Column({ name: 'sender_index', type: 'varchar', length: 40, nullable: true })
  senderIndex!: string | null;

  /** Sealed. */
  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  /** Machine-readable reason, e.g. `EMAIL.UNPARSEABLE` (EMAIL_REJECTION_REASONS). */
  @Column({ type: 'varchar', length: 64 })
  reason!: string;

  /** What happened and what to do, sealed. */
  @Column({ type: 'text' })
  message!: string;

  /** The correlation id of the message chain it started (kept for the replay's `email.parsed`). */
  @Column({ name: 'correlation_id', type: 'varchar', length: 100, nullable: true })
  correlationId!: string | null;

  /** The id of the `email.received` message it came in (the replay's causation id). */
  @Column({ name: 'causation_id', type: 'varchar', length: 100, nullable: true })
  causationId!: string | null;

  /** How the gateway received it (`imap`, `smtp`, `drop_folder`, `import`). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  source!: string | null;

  /** Size of the raw message in bytes. */
  @Column({ type: 'integer', default: 0 })
  size!: number;

  /** The raw RFC 822 bytes, base64, sealed: what a replay parses again. */
  @Column({ name: 'raw_base64', type: 'text', nullable: true })
  rawBase64!: string | null;

  @Column({ name: 'received_at', type: 'varchar', length: 24, nullable: true })
  receivedAt!: string | null;

  @Column({ name: 'quarantined_at', type: 'varchar', length: 24 })
  quarantinedAt!: string;

  /** Replays tried. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When a replay turned it into a parsed email; null while it is held. */
  @Column({ name: 'replayed_at', type: 'varchar', length: 24, nullable: true })
  replayedAt!: string | null;
}
