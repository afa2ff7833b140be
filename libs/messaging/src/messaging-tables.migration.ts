import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** The outbox, inbox and dead-letter tables every consuming or producing service carries. */
export class MessagingTables1732406400000 implements MigrationInterface {
  name = 'MessagingTables1732406400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'routing_key', type: 'varchar', length: '255' },
          { name: 'envelope', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'sent_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'outbox_messages_unsent', columnNames: ['sent_at', 'created_at'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox_messages',
        columns: [
          { name: 'consumer', type: 'varchar', length: '100', isPrimary: true },
          { name: 'message_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'routing_key', type: 'varchar', length: '255' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'processed_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'dead_letters',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'queue', type: 'varchar', length: '100' },
          { name: 'routing_key', type: 'varchar', length: '255' },
          { name: 'envelope', type: 'text' },
          { name: 'error', type: 'text' },
          { name: 'attempts', type: 'integer' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'replayed_at', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'dead_letters_queue', columnNames: ['queue', 'created_at'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('dead_letters', true);
    await queryRunner.dropTable('inbox_messages', true);
    await queryRunner.dropTable('outbox_messages', true);
  }
}

