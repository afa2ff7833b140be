import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far a category's chain is in the Elasticsearch index. Every entry up to `indexedSeq` was
 * acknowledged by Elasticsearch or waits in `audit_index_retries`; retention's deletions are
 * applied to the index up to `deletedThrough`; erasures up to (`erasedAt`, `erasedSeq`).
 */
@Entity({ name: 'audit_index_marks' })
export class AuditIndexMarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ name: 'indexed_seq', type: 'integer' })
  indexedSeq!: number;

  @Column({ name: 'deleted_through', type: 'integer' })
  deletedThrough!: number;

  @Column({ name: 'erased_at', type: 'varchar', length: 24, nullable: true })
  erasedAt!: string | null;

  @Column({ name: 'erased_seq', type: 'integer' })
  erasedSeq!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
