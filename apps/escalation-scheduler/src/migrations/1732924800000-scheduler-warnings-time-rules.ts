import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Warning timers, the tasks followed for time rules and the time rules that fired. */
export class SchedulerWarningsTimeRules1732924800000 implements MigrationInterface {
  name = 'SchedulerWarningsTimeRules1732924800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'warning_timers',
        columns: [
          { name: 'task_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'level', type: 'integer' },
          { name: 'warn_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'due_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'task_version', type: 'integer' },
          { name: 'fired_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'updated_at', type: 'varchar', length: '24' },
        ],
        indices: [new TableIndex({ name: 'warning_timers_due', columnNames: ['status', 'warn_at'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'tracked_tasks',
        columns: [
          { name: 'task_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'open', type: 'boolean' },
          { name: 'task_version', type: 'integer' },
          { name: 'snapshot', type: 'text' },
          { name: 'updated_at', type: 'varchar', length: '24' },
        ],
        indices: [new TableIndex({ name: 'tracked_tasks_open', columnNames: ['organization', 'open', 'task_id'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'time_rule_firings',
        columns: [
          { name: 'task_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'rule', type: 'varchar', length: '200', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'claim', type: 'varchar', length: '36' },
          { name: 'fired_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('time_rule_firings', true);
    await queryRunner.dropTable('tracked_tasks', true);
    await queryRunner.dropTable('warning_timers', true);
  }
}
