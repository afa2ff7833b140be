import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class TaskServiceSchema1732406400004 implements MigrationInterface {
  name = 'TaskServiceSchema1732406400004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'tasks',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('key', 32),
          v('organization', 100),
          v('type', 64),
          v('subtype', 64, true),
          { name: 'category', type: 'integer' },
          { name: 'subcategory', type: 'integer' },
          v('label', 255),
          { name: 'title', type: 'text' },
          { name: 'description', type: 'text' },
          v('status', 16),
          v('priority', 16),
          v('severity', 16, true),
          v('assignee_position', 255),
          v('assignee_person', 320, true),
          v('reporter', 320),
          { name: 'sensitive', type: 'boolean' },
          v('visibility', 16),
          { name: 'tags', type: 'text' },
          { name: 'metadata', type: 'text' },
          { name: 'escalation_level', type: 'integer' },
          { name: 'escalation_chain', type: 'text' },
          { name: 'reactivity_ms', type: 'bigint', isNullable: true },
          v('next_due_at', 24, true),
          v('source_email_id', 36, true),
          v('source_mailbox', 320, true),
          v('source_message_id', 1000, true),
          v('created_at', 24),
          v('updated_at', 24),
          { name: 'version', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'tasks_org_key', columnNames: ['organization', 'key'], isUnique: true }),
          new TableIndex({ name: 'tasks_source_email', columnNames: ['source_email_id'], isUnique: true }),
          new TableIndex({ name: 'tasks_org_status', columnNames: ['organization', 'status'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'task_events',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('task_id', 36),
          { name: 'seq', type: 'integer' },
          v('type', 32),
          v('at', 24),
          v('actor', 320),
          { name: 'data', type: 'text' },
        ],
        indices: [new TableIndex({ name: 'task_events_task', columnNames: ['task_id', 'seq'], isUnique: true })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'task_key_counters',
        columns: [{ ...v('organization', 100), isPrimary: true }, { name: 'next', type: 'integer' }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('task_key_counters', true);
    await queryRunner.dropTable('task_events', true);
    await queryRunner.dropTable('tasks', true);
  }
}
