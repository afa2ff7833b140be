import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An entry Elasticsearch refused (a mapping error, a full queue): sent again when `nextAt` comes,
 * as it then stands in the trail, until it is acknowledged or retention deletes it. Never skipped.
 * `reason` is Elasticsearch's error type only, never its message (which may quote a value).
 */
@Entity({ name: 'audit_index_retries' })
@Index('audit_index_retries_due', ['nextAt'])
export class AuditIndexRetryEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 36 })
  entryId!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_at', type: 'varchar', length: 24 })
  nextAt!: string;

  @Column({ type: 'varchar', length: 100 })
  reason!: string;
}
