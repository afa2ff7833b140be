import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A durable, signed checkpoint of a category's chain (ADR 0007): written every N entries or every
 * few minutes in the append's transaction, at adoption of an unkeyed trail, and at each retention
 * cut. Each one signs the chain state and the MAC of the checkpoint before it.
 */
@Entity({ name: 'audit_checkpoints' })
@Index('audit_checkpoints_number', ['category', 'number'], { unique: true })
export class AuditCheckpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  /** 1, 2, 3… per category. */
  @Column({ type: 'integer' })
  number!: number;

  /** periodic, retention or adopted. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  /** The newest entry signed: its seq and hash. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** Entries in the chain at that moment (seq − anchor seq). */
  @Column({ type: 'integer' })
  count!: number;

  /** What the oldest kept entry links to (after a retention cut). */
  @Column({ name: 'anchor_seq', type: 'integer' })
  anchorSeq!: number;

  @Column({ name: 'anchor_hash', type: 'varchar', length: 64 })
  anchorHash!: string;

  /** Unkeyed entries (from before the chain was keyed) are accepted up to this seq. */
  @Column({ name: 'legacy_until', type: 'integer' })
  legacyUntil!: number;

  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ name: 'prev_mac', type: 'varchar', length: 64 })
  prevMac!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 40 })
  keyId!: string;

  @Column({ type: 'varchar', length: 64 })
  mac!: string;
}
