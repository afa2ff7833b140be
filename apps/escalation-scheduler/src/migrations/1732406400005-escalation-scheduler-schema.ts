import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class EscalationSchedulerSchema1732406400005 implements MigrationInterface {
  name = 'EscalationSchedulerSchema1732406400005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'escalation_timers',
        columns: [
          { name: 'task_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'task_type', type: 'varchar', length: '64' },
          { name: 'level', type: 'integer' },
          { name: 'due_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'task_version', type: 'integer' },
          { name: 'fired_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'updated_at', type: 'varchar', length: '24' },
        ],
        indices: [new TableIndex({ name: 'escalation_timers_due', columnNames: ['status', 'due_at'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('escalation_timers', true);
  }
}
