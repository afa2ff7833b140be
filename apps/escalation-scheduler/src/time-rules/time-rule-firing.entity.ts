import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A time rule that fired for a task: each (task, rule) pair fires once, whatever the number of
 * scheduler replicas or evaluations. `claim` tells the evaluation that inserted the row from one
 * that found it there.
 */
@Entity({ name: 'time_rule_firings' })
export class TimeRuleFiringEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  rule!: string;

  @Column({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ type: 'varchar', length: 36 })
  claim!: string;

  @Column({ name: 'fired_at', type: 'varchar', length: 24 })
  firedAt!: string;
}
