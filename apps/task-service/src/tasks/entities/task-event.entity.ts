import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => JSON.stringify(v ?? {}), from: (v: string | null) => (v == null ? {} : JSON.parse(v)) };

/** One entry of a task's timeline: created, routed, escalated, status_changed, … */
@Entity({ name: 'task_events' })
@Index('task_events_task', ['taskId', 'seq'], { unique: true })
export class TaskEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  /** Position in the task's timeline, from 1. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'varchar', length: 320 })
  actor!: string;

  @Column({ type: 'text', transformer: json })
  data!: Record<string, unknown>;
}
