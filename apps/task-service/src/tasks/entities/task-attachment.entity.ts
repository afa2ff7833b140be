import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One file of a task (SPEC §4 attachments): what the task JSON lists. The bytes are not here: an
 * email attachment's are in the parser's content store, a rule document's in the organization's
 * `documents/` folder, both found by `sha256` (docs/adr/0013-attachments.md).
 */
@Entity({ name: 'task_attachments' })
@Index('task_attachments_task', ['taskId', 'seq'], { unique: true })
export class TaskAttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  /** Order on the task: the mail's attachments first, then the rules' documents. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'integer' })
  size!: number;

  /** Sniffed from the bytes. */
  @Column({ type: 'varchar', length: 255 })
  type!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: 'email' | 'rule';

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
