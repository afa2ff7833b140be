import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A message that could not be parsed or validated: kept with its reason, never dropped. */
@Entity({ name: 'quarantined_emails' })
export class QuarantinedEmailEntity {
  @PrimaryColumn({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  organization!: string | null;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 1000, nullable: true })
  messageId!: string | null;

  /** Machine-readable reason, e.g. `EMAIL.UNPARSEABLE`. */
  @Column({ type: 'varchar', length: 64 })
  reason!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'quarantined_at', type: 'varchar', length: 24 })
  quarantinedAt!: string;
}
