import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** Keeps when the gateway accepted a task's email, for acceptance-to-task latency. */
export class TaskSourceReceivedAt1732492800000 implements MigrationInterface {
  name = 'TaskSourceReceivedAt1732492800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('tasks', new TableColumn({ name: 'source_received_at', type: 'varchar', length: '24', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tasks', 'source_received_at');
  }
}
