import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One stored review (SPEC §6 "Reviews and patterns"): its report (JSON and HTML) and what became of
 * its patterns. A scheduled run carries `schedule_key` (`<org>|<period>|<start>`), unique: however
 * many replicas look at a period boundary, one of them inserts the run and the others find it.
 */
@Entity({ name: 'review_runs' })
@Index('review_runs_org_created', ['organization', 'createdAt'])
export class ReviewRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ type: 'varchar', length: 16 })
  period!: string;

  @Column({ name: 'period_start', type: 'varchar', length: 24 })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'varchar', length: 24 })
  periodEnd!: string;

  @Column({ name: 'as_of', type: 'varchar', length: 24 })
  asOf!: string;

  @Column({ type: 'varchar', length: 16 })
  trigger!: 'schedule' | 'manual';

  @Column({ type: 'varchar', length: 320 })
  actor!: string;

  @Index('review_runs_schedule_key', { unique: true })
  @Column({ name: 'schedule_key', type: 'varchar', length: 200, nullable: true })
  scheduleKey!: string | null;

  /** ReviewReportV1 as JSON. */
  @Column({ type: 'text' })
  report!: string;

  @Column({ type: 'text' })
  html!: string;

  /** ReviewPatternOutcomeV1[] as JSON. */
  @Column({ type: 'text' })
  outcomes!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
