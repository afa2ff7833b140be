import { Column, Entity, Index } from 'typeorm';

import { TaskTimerColumns } from './task-timer.columns';

/**
 * The pre-breach warning of one task's current step (SPEC §6: default at 80 % of the reactivity
 * time): one row per task, updated from the task's events like its escalation timer; `pending` rows
 * fire once (`command.task.warn`), then become `fired`.
 */
@Entity({ name: 'warning_timers' })
@Index('warning_timers_due', ['status', 'warnAt'])
export class WarningTimerEntity extends TaskTimerColumns {
  /** When the warning is due (`escalation.warn_at`); null when the task has none. */
  @Column({ name: 'warn_at', type: 'varchar', length: 24, nullable: true })
  warnAt!: string | null;

  /** When the step breaches (`escalation.next_due_at`), for the message. */
  @Column({ name: 'due_at', type: 'varchar', length: 24, nullable: true })
  dueAt!: string | null;
}
