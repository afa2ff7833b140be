import { Column, Entity, PrimaryColumn } from 'typeorm';

const uidNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * How far an IMAP folder has been read: its UIDVALIDITY and the highest UID whose message Orgo has
 * accepted (committed). A restart resumes after that UID; a new UIDVALIDITY means a rescan from the
 * start, made harmless by the raw store's dedupe.
 */
@Entity({ name: 'mailbox_cursors' })
export class MailboxCursorEntity {
  /** `<role address> <host> <folder>`: one cursor per folder read. */
  @PrimaryColumn({ type: 'varchar', length: 600 })
  key!: string;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;

  /** UIDVALIDITY as decimal text (a 32-bit unsigned value, kept exact on both engines). */
  @Column({ name: 'uid_validity', type: 'varchar', length: 20 })
  uidValidity!: string;

  @Column({ name: 'last_uid', type: 'bigint', transformer: uidNumber })
  lastUid!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
