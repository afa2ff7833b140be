import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class NotifierSchema1732406400006 implements MigrationInterface {
  name = 'NotifierSchema1732406400006';

  async up(queryRunner: QueryRunner): Promise<void> {
    const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('organization', 100),
          v('task_id', 36),
          v('task_key', 32),
          v('purpose', 32),
          v('channel', 16),
          { name: 'recipients', type: 'text' },
          { name: 'subject', type: 'text' },
          v('status', 16),
          { name: 'attempts', type: 'integer' },
          { name: 'file', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          v('created_at', 24),
          v('sent_at', 24, true),
        ],
        indices: [new TableIndex({ name: 'notifications_task', columnNames: ['task_id'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notifications', true);
  }
}
