import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The normalized form of a received message (what rules and people read). Whether the sender is a
 * sensitive reporter is decided later (by the rules), so nothing here names them in clear: the
 * payload is sealed, the sender is a blind index.
 */
@Entity({ name: 'parsed_emails' })
@Index('parsed_emails_sender_index_received', ['organization', 'senderIndex', 'receivedAt'])
export class ParsedEmailEntity {
  /** The gateway's email id. */
  @PrimaryColumn({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  organization!: string | null;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  /** The sender's blind index (`senderIndexOf`): what the per-sender rate limit counts; null until sealed at start. */
  @Column({ name: 'sender_index', type: 'varchar', length: 40, nullable: true })
  senderIndex!: string | null;

  /** When the gateway received the message (ISO-8601). */
  @Column({ name: 'received_at', type: 'varchar', length: 24, nullable: true })
  receivedAt!: string | null;

  /** The `email.parsed` payload as JSON, sealed (`@orgo/security`); the pseudonym instead of the sender once the rules made it sensitive. */
  @Column({ type: 'text' })
  parsed!: string;

  @Column({ name: 'parsed_at', type: 'varchar', length: 24 })
  parsedAt!: string;
}
