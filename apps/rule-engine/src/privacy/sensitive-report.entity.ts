import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What a sensitive email said before it was scrubbed: kept sealed for a privacy officer's reveal,
 * with the Message-ID (not sealed: it names no person) so the reporter's replies in that thread keep
 * the pseudonym.
 */
@Entity({ name: 'sensitive_reports' })
@Index('sensitive_reports_pseudonym', ['organization', 'pseudonym'])
export class SensitiveReportEntity {
  @PrimaryColumn({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ type: 'varchar', length: 40 })
  pseudonym!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 1000, nullable: true })
  messageId!: string | null;

  /** Sealed JSON `{ subject, text }` of the original email. */
  @Column({ type: 'text' })
  original!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
