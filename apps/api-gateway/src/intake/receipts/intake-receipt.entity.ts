import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One web report's receipt, found by a keyed hash of its follow-up code (the code itself is shown
 * once and never stored). It names nobody in the clear: the sender its follow-ups are written as
 * (the contact, or the anonymous report's own address) is sealed.
 */
@Entity({ name: 'intake_receipts' })
export class IntakeReceiptEntity {
  /** HMAC-SHA256 of the follow-up code under the intake's receipt key, hex. */
  @PrimaryColumn({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ type: 'varchar', length: 200 })
  role!: string;

  /** The role address the report was addressed to. */
  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  /** The email-gateway's id of the report. */
  @Column({ name: 'email_id', type: 'varchar', length: 36 })
  emailId!: string;

  /** The report's Message-ID, with angle brackets: follow-ups answer it. */
  @Column({ name: 'message_id', type: 'varchar', length: 200 })
  messageId!: string;

  @Column({ type: 'boolean' })
  anonymous!: boolean;

  /** Sealed (`@orgo/security`): `{"address","name"}` of the report's From. */
  @Column({ type: 'text' })
  sender!: string;

  @Column({ name: 'submitted_at', type: 'varchar', length: 24 })
  submittedAt!: string;
}
