import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `merged`: `taskId` is a duplicate merged into `otherTaskId`; `split`: `taskId` was split off `otherTaskId`. */
export type TaskLinkKind = 'merged' | 'split';

/** One merge or split between two tasks of an organization (SPEC §6 Mail hygiene). */
@Entity({ name: 'task_links' })
@Index('task_links_task_kind', ['taskId', 'kind'], { unique: true })
@Index('task_links_other_task', ['otherTaskId', 'kind'])
export class TaskLinkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: TaskLinkKind;

  /** The duplicate (merged) or the new task (split): the side with one link of the kind. */
  @Column({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  /** The survivor (merged) or the original (split). */
  @Column({ name: 'other_task_id', type: 'varchar', length: 36 })
  otherTaskId!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  /** A split task's source mail (the original's): `tasks.source_email_id` is unique per task and stays null on the split. */
  @Column({ name: 'source_email_id', type: 'varchar', length: 36, nullable: true })
  sourceEmailId!: string | null;

  /** Who merged or split (a user's email). */
  @Column({ type: 'varchar', length: 320 })
  actor!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
