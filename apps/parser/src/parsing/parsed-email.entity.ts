import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The normalized form of a received message (what rules and people read). */
@Entity({ name: 'parsed_emails' })
export class ParsedEmailEntity {
  /** The gateway's email id. */
  @PrimaryColumn({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  organization!: string | null;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  /** The `email.parsed` payload as JSON. */
  @Column({ type: 'text' })
  parsed!: string;

  @Column({ name: 'parsed_at', type: 'varchar', length: 24 })
  parsedAt!: string;
}
