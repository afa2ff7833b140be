import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const json = { to: (v: unknown) => JSON.stringify(v ?? []), from: (v: string | null) => (v == null ? [] : JSON.parse(v)) };

/** One notification and its delivery state (queued, sent, failed, with attempts). */
@Entity({ name: 'notifications' })
@Index('notifications_task', ['taskId'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @Column({ name: 'task_key', type: 'varchar', length: 32 })
  taskKey!: string;

  @Column({ type: 'varchar', length: 32 })
  purpose!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ type: 'text', transformer: json })
  recipients!: string[];

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  file!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 24, nullable: true })
  sentAt!: string | null;
}
