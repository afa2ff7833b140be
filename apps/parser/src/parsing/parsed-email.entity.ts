import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The normalized form of a received message (what rules and people read). */
@Entity({ name: 'parsed_emails' })
@Index('parsed_emails_sender_received', ['organization', 'sender', 'receivedAt'])
export class ParsedEmailEntity {
  /** The gateway's email id. */
  @PrimaryColumn({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  organization!: string | null;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  /** The sender's address (lower case): what the per-sender rate limit counts. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  sender!: string | null;

  /** When the gateway received the message (ISO-8601). */
  @Column({ name: 'received_at', type: 'varchar', length: 24, nullable: true })
  receivedAt!: string | null;

  /** The `email.parsed` payload as JSON. */
  @Column({ type: 'text' })
  parsed!: string;

  @Column({ name: 'parsed_at', type: 'varchar', length: 24 })
  parsedAt!: string;
}
