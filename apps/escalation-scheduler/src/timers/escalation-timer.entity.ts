import { Column, Entity, Index } from 'typeorm';

import { TaskTimerColumns } from './task-timer.columns';

/**
 * The escalation timer of one task: when its current step is due (`escalation.next_due_at`). One
 * row per task, updated from the task's events (newest version wins); `pending` rows fire once
 * (`command.task.escalate`), then become `fired`.
 */
@Entity({ name: 'escalation_timers' })
@Index('escalation_timers_due', ['status', 'dueAt'])
export class EscalationTimerEntity extends TaskTimerColumns {
  @Column({ name: 'task_type', type: 'varchar', length: 64 })
  taskType!: string;

  @Column({ name: 'due_at', type: 'varchar', length: 24, nullable: true })
  dueAt!: string | null;
}
