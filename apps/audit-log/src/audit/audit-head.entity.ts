import { Column, Entity, PrimaryColumn } from 'typeorm';

import { AuditChainStateColumns } from './audit-chain-state.columns';

/**
 * The signed head of a category's chain (ADR 0007), rewritten in the transaction of every append:
 * the newest entry's seq and hash, the count, the retention anchor and the newest durable checkpoint.
 * Deleting the newest entries leaves a head that signs an entry that is missing.
 */
@Entity({ name: 'audit_heads' })
export class AuditHeadEntity extends AuditChainStateColumns {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ name: 'checkpoint_number', type: 'integer' })
  checkpointNumber!: number;

  @Column({ name: 'checkpoint_mac', type: 'varchar', length: 64 })
  checkpointMac!: string;
}
