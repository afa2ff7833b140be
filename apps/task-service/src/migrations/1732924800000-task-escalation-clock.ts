import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * The escalation clock in business time (SPEC §6): the step's pre-breach warning time, the
 * business time left while the task is on hold, and the calendar the clock counts in.
 */
export class TaskEscalationClock1732924800000 implements MigrationInterface {
  name = 'TaskEscalationClock1732924800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('tasks', [
      new TableColumn({ name: 'warn_at', type: 'varchar', length: '24', isNullable: true }),
      new TableColumn({ name: 'paused_remaining_ms', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'calendar', type: 'varchar', length: '255', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('tasks', ['calendar', 'paused_remaining_ms', 'warn_at']);
  }
}
