import { Column, PrimaryColumn } from 'typeorm';

/**
 * What every per-task timer row has (escalation, warning): one row per task, kept at the task's
 * newest version; `pending` rows fire once, then become `fired`; `cancelled` when there is nothing
 * to fire. Each timer table adds its due moment(s).
 */
export abstract class TaskTimerColumns {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  /** The escalation level the task was at when the timer was set. */
  @Column({ type: 'integer' })
  level!: number;

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
