import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The next short key number of each organization (`NS-12`). */
@Entity({ name: 'task_key_counters' })
export class TaskKeyCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  organization!: string;

  @Column({ type: 'integer' })
  next!: number;
}
