import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Merges and splits (SPEC §6 Mail hygiene) in a table of their own, `task_links`: one row per
 * merged duplicate (`kind` merged: `task_id` the duplicate, `other_task_id` the survivor) and per
 * task split off another (`kind` split: `task_id` the new task, `other_task_id` the original). The
 * `tasks` table is not touched, so SQLite keeps its full-text triggers (TaskFullTextSearch1765065600000).
 * The same statements on PostgreSQL and SQLite.
 */
export class TaskLinks1765152000000 implements MigrationInterface {
  name = 'TaskLinks1765152000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'task_links',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('kind', 16),
          v('task_id', 36),
          v('other_task_id', 36),
          v('organization', 100),
          v('source_email_id', 36, true),
          v('actor', 320),
          { name: 'reason', type: 'text', isNullable: true },
          v('created_at', 24),
        ],
        indices: [
          new TableIndex({ name: 'task_links_task_kind', columnNames: ['task_id', 'kind'], isUnique: true }),
          new TableIndex({ name: 'task_links_other_task', columnNames: ['other_task_id', 'kind'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('task_links', true);
  }
}
