import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which replica feeds the index: one at a time, so a replica's late write never brings back a
 * document another one deleted. Held until `until`, renewed on every pass.
 */
@Entity({ name: 'audit_index_lease' })
export class AuditIndexLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 36 })
  owner!: string;

  @Column({ type: 'varchar', length: 24 })
  until!: string;
}
