import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A pattern's cluster of similar cases and its investigation (SPEC §6): the same cluster never
 * opens a second investigation while one is open; a new case joins it. `state`: `open` (an
 * investigation task was opened), `proposed` (one waits for a person to confirm it), `reported`
 * (automation manual: only in reports), `closed` (its investigation is done: a new pattern may open another).
 */
@Entity({ name: 'review_clusters' })
export class ReviewClusterEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  organization!: string;

  @PrimaryColumn({ type: 'varchar', length: 300 })
  cluster!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: 'open' | 'proposed' | 'reported' | 'closed';

  @Column({ name: 'investigation_id', type: 'varchar', length: 36, nullable: true })
  investigationId!: string | null;

  /** The task ids linked to the investigation (or reported), JSON. */
  @Column({ name: 'case_ids', type: 'text' })
  caseIds!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
