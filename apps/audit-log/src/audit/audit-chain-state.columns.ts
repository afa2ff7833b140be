import { Column } from 'typeorm';

/**
 * The columns of a signed chain state (ADR 0007), shared by a category's head and its durable
 * checkpoints: the newest entry signed, the count, the retention anchor, `legacy_until`, when,
 * and the signature with its key id.
 */
export abstract class AuditChainStateColumns {
  /** The newest entry signed: its seq and hash. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** Entries in the chain (seq − anchor seq). */
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

  @Column({ name: 'key_id', type: 'varchar', length: 40 })
  keyId!: string;

  @Column({ type: 'varchar', length: 64 })
  mac!: string;
}
