import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class AuditLogSchema1732406400007 implements MigrationInterface {
  name = 'AuditLogSchema1732406400007';

  async up(queryRunner: QueryRunner): Promise<void> {
    const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('category', 16),
          { name: 'seq', type: 'integer' },
          v('at', 24),
          v('organization', 100, true),
          v('action', 255),
          v('actor', 320),
          v('message_id', 36),
          v('correlation_id', 36),
          v('task_id', 36, true),
          v('email_id', 36, true),
          v('label', 255, true),
          { name: 'details', type: 'text' },
          v('prev_hash', 64),
          v('hash', 64),
        ],
        indices: [
          new TableIndex({ name: 'audit_entries_chain', columnNames: ['category', 'seq'], isUnique: true }),
          new TableIndex({ name: 'audit_entries_task', columnNames: ['task_id'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_entries', true);
  }
}
