import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** Keeps a broadcast task's tier and the notification status of each recipient (SPEC §3 broadcast levels). */
export class TaskBroadcast1732752000000 implements MigrationInterface {
  name = 'TaskBroadcast1732752000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('tasks', new TableColumn({ name: 'broadcast', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tasks', 'broadcast');
  }
}
