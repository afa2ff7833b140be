import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over tasks (`GET /tasks?text=`): title, description, key and tags — never the
 * reporter (SPEC §6 Privacy: a sensitive report's reporter must not be findable; the description of
 * one is already scrubbed by the rule-engine).
 *
 * - PostgreSQL: a stored generated `search_vector` (english configuration; key and title weigh most,
 *   then tags, then the description) under a GIN index, queried with `websearch_to_tsquery` and
 *   ranked with `ts_rank`.
 * - SQLite: an FTS5 external-content table `tasks_fts` over the tasks table's rowid (porter stemming
 *   over unicode61), kept in step by triggers, ranked with bm25. The triggers and the rowids belong
 *   to the tasks table as it is: a later migration that makes TypeORM copy that table on SQLite
 *   (adding or dropping a column does) must create the triggers again and rebuild `tasks_fts`.
 */
export class TaskFullTextSearch1765065600000 implements MigrationInterface {
  name = 'TaskFullTextSearch1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      const tasks = this.tasksTable(queryRunner);
      await queryRunner.query(
        `ALTER TABLE ${tasks} ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (` +
          `setweight(to_tsvector('english', coalesce("key", '')), 'A') || ` +
          `setweight(to_tsvector('english', coalesce("title", '')), 'A') || ` +
          `setweight(to_tsvector('english', coalesce("tags", '')), 'B') || ` +
          `setweight(to_tsvector('english', coalesce("description", '')), 'C')) STORED`,
      );
      await queryRunner.query(`CREATE INDEX "tasks_search" ON ${tasks} USING GIN ("search_vector")`);
      return;
    }
    await queryRunner.query(
      `CREATE VIRTUAL TABLE "tasks_fts" USING fts5(title, description, key, tags, content='tasks', content_rowid='rowid', tokenize='porter unicode61')`,
    );
    await queryRunner.query(`INSERT INTO "tasks_fts"("tasks_fts") VALUES ('rebuild')`);
    await queryRunner.query(
      `CREATE TRIGGER "tasks_fts_insert" AFTER INSERT ON "tasks" BEGIN ` +
        `INSERT INTO "tasks_fts"(rowid, title, description, key, tags) VALUES (new.rowid, new.title, new.description, new.key, new.tags); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tasks_fts_delete" AFTER DELETE ON "tasks" BEGIN ` +
        `INSERT INTO "tasks_fts"("tasks_fts", rowid, title, description, key, tags) VALUES ('delete', old.rowid, old.title, old.description, old.key, old.tags); END`,
    );
    // Every task write updates every column (updateTask): the index is touched only when a searched one changed.
    await queryRunner.query(
      `CREATE TRIGGER "tasks_fts_update" AFTER UPDATE ON "tasks" ` +
        `WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.key IS NOT new.key OR old.tags IS NOT new.tags BEGIN ` +
        `INSERT INTO "tasks_fts"("tasks_fts", rowid, title, description, key, tags) VALUES ('delete', old.rowid, old.title, old.description, old.key, old.tags); ` +
        `INSERT INTO "tasks_fts"(rowid, title, description, key, tags) VALUES (new.rowid, new.title, new.description, new.key, new.tags); END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      const tasks = this.tasksTable(queryRunner);
      const schema = (queryRunner.connection.options as { schema?: string }).schema;
      await queryRunner.query(`DROP INDEX IF EXISTS ${schema ? `"${schema}".` : ''}"tasks_search"`);
      await queryRunner.query(`ALTER TABLE ${tasks} DROP COLUMN IF EXISTS "search_vector"`);
      return;
    }
    for (const trigger of ['tasks_fts_update', 'tasks_fts_delete', 'tasks_fts_insert']) await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "tasks_fts"`);
  }

  private tasksTable(queryRunner: QueryRunner): string {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    return schema ? `"${schema}"."tasks"` : '"tasks"';
  }
}
