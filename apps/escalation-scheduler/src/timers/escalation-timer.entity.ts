import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The escalation timer of one task: when its current step is due. One row per task, updated from
 * the task's events (newest version wins); `pending` rows fire once, then become `fired`.
 */
@Entity({ name: 'escalation_timers' })
@Index('escalation_timers_due', ['status', 'dueAt'])
export class EscalationTimerEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ name: 'task_type', type: 'varchar', length: 64 })
  taskType!: string;

  /** The escalation level the task was at when the timer was set. */
  @Column({ type: 'integer' })
  level!: number;

  @Column({ name: 'due_at', type: 'varchar', length: 24, nullable: true })
  dueAt!: string | null;

  /** `pending`, `fired` or `cancelled`. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** The task version this row reflects. */
  @Column({ name: 'task_version', type: 'integer' })
  taskVersion!: number;

  @Column({ name: 'fired_at', type: 'varchar', length: 24, nullable: true })
  firedAt!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
