import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class EmailGatewaySchema1732406400001 implements MigrationInterface {
  name = 'EmailGatewaySchema1732406400001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'raw_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'mailbox', type: 'varchar', length: '320' },
          { name: 'dedupe_key', type: 'varchar', length: '1000' },
          { name: 'message_id', type: 'varchar', length: '1000', isNullable: true },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'organization', type: 'varchar', length: '100', isNullable: true },
          { name: 'size', type: 'integer' },
          { name: 'raw', type: 'text' },
          { name: 'received_at', type: 'varchar', length: '24' },
        ],
        indices: [new TableIndex({ name: 'raw_messages_dedupe', columnNames: ['mailbox', 'dedupe_key'], isUnique: true })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('raw_messages', true);
  }
}
