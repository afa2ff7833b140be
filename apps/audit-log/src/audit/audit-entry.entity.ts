import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => JSON.stringify(v ?? {}), from: (v: string | null) => (v == null ? {} : JSON.parse(v)) };

/**
 * One append-only audit entry, chained to the previous entry of its category: its hash is an
 * HMAC-SHA256 with the audit key named by `keyId` (null: an unkeyed sha256 entry from before the
 * chain was keyed). Retention erases what an entry says but keeps its links (`erasedAt`).
 */
@Entity({ name: 'audit_entries' })
@Index('audit_entries_chain', ['category', 'seq'], { unique: true })
@Index('audit_entries_task', ['taskId'])
@Index('audit_entries_correlation', ['correlationId'])
@Index('audit_entries_email', ['emailId'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** workflow, task, email, security or system. */
  @Column({ type: 'varchar', length: 16 })
  category!: string;

  /** Position in the category's chain, from 1. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  organization!: string | null;

  /** The routing key of the message audited, e.g. `task.maintenance.escalated`. */
  @Column({ type: 'varchar', length: 255 })
  action!: string;

  @Column({ type: 'varchar', length: 320 })
  actor!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 36 })
  messageId!: string;

  @Column({ name: 'correlation_id', type: 'varchar', length: 36 })
  correlationId!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36, nullable: true })
  taskId!: string | null;

  @Column({ name: 'email_id', type: 'varchar', length: 36, nullable: true })
  emailId!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  label!: string | null;

  @Column({ type: 'text', transformer: json })
  details!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** The audit key of the hash (and of the erasure MAC once erased); null for a legacy sha256 entry. */
  @Column({ name: 'key_id', type: 'varchar', length: 40, nullable: true })
  keyId!: string | null;

  /** When retention erased the entry's content (actor, ids, label, details); its links stay. */
  @Column({ name: 'erased_at', type: 'varchar', length: 24, nullable: true })
  erasedAt!: string | null;

  /** HMAC over what an erased entry keeps, so only the key holder can erase. */
  @Column({ name: 'erasure_mac', type: 'varchar', length: 64, nullable: true })
  erasureMac!: string | null;
}
