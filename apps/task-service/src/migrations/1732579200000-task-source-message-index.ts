import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/** Replies find the task their thread started with: tasks by organization and source Message-ID. */
export class TaskSourceMessageIndex1732579200000 implements MigrationInterface {
  name = 'TaskSourceMessageIndex1732579200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('tasks', new TableIndex({ name: 'tasks_org_source_message', columnNames: ['organization', 'source_message_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('tasks', 'tasks_org_source_message');
  }
}
