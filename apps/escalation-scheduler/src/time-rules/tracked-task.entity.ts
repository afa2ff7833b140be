import type { TaskSnapshotV1 } from '@orgo/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => JSON.stringify(v ?? null), from: (v: string | null) => (v == null ? null : JSON.parse(v)) };

/**
 * The latest snapshot of a task as its events carry it (newest version wins), kept for the
 * organization's time rules (SPEC §5 `on: time`). `open` is false once the task is done; closed
 * tasks are never evaluated again.
 */
@Entity({ name: 'tracked_tasks' })
@Index('tracked_tasks_open', ['organization', 'open', 'taskId'])
export class TrackedTaskEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ type: 'boolean' })
  open!: boolean;

  @Column({ name: 'task_version', type: 'integer' })
  taskVersion!: number;

  @Column({ type: 'text', transformer: json })
  snapshot!: TaskSnapshotV1;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
