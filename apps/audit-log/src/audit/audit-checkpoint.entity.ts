import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { AuditChainStateColumns } from './audit-chain-state.columns';

/**
 * A durable, signed checkpoint of a category's chain (ADR 0007): written every N entries or every
 * few minutes in the append's transaction, at adoption of an unkeyed trail, and at each retention
 * cut. Each one signs the chain state and the MAC of the checkpoint before it.
 */
@Entity({ name: 'audit_checkpoints' })
@Index('audit_checkpoints_number', ['category', 'number'], { unique: true })
export class AuditCheckpointEntity extends AuditChainStateColumns {
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

  @Column({ name: 'prev_mac', type: 'varchar', length: 64 })
  prevMac!: string;
}
