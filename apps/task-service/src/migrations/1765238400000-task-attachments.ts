import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * A task's files (SPEC §4 attachments) in a table of their own, `task_attachments`: name, size,
 * sniffed type, source (`email` or `rule`) and content hash; the bytes stay where they are stored
 * once (docs/adr/0013-attachments.md). The `tasks` table is not touched (SQLite keeps its full-text
 * triggers). The same statements on PostgreSQL and SQLite.
 */
export class TaskAttachments1765238400000 implements MigrationInterface {
  name = 'TaskAttachments1765238400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const v = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });
    await queryRunner.createTable(
      new Table({
        name: 'task_attachments',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('task_id', 36),
          { name: 'seq', type: 'integer' },
          v('name', 255),
          { name: 'size', type: 'integer' },
          v('type', 255),
          v('source', 16),
          v('sha256', 64),
          v('created_at', 24),
        ],
        indices: [
          new TableIndex({ name: 'task_attachments_task', columnNames: ['task_id', 'seq'], isUnique: true }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('task_attachments', true);
  }
}
