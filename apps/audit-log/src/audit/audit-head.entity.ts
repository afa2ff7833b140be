import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The signed head of a category's chain (ADR 0007), rewritten in the transaction of every append:
 * the newest entry's seq and hash, the count, the retention anchor and the newest durable checkpoint.
 * Deleting the newest entries leaves a head that signs an entry that is missing.
 */
@Entity({ name: 'audit_heads' })
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ name: 'anchor_seq', type: 'integer' })
  anchorSeq!: number;

  @Column({ name: 'anchor_hash', type: 'varchar', length: 64 })
  anchorHash!: string;

  @Column({ name: 'legacy_until', type: 'integer' })
  legacyUntil!: number;

  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ name: 'checkpoint_number', type: 'integer' })
  checkpointNumber!: number;

  @Column({ name: 'checkpoint_mac', type: 'varchar', length: 64 })
  checkpointMac!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 40 })
  keyId!: string;

  @Column({ type: 'varchar', length: 64 })
  mac!: string;
}
