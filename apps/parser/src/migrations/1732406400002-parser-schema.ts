import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class ParserSchema1732406400002 implements MigrationInterface {
  name = 'ParserSchema1732406400002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'parsed_emails',
        columns: [
          { name: 'email_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100', isNullable: true },
          { name: 'mailbox', type: 'varchar', length: '320' },
          { name: 'parsed', type: 'text' },
          { name: 'parsed_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'quarantined_emails',
        columns: [
          { name: 'email_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100', isNullable: true },
          { name: 'mailbox', type: 'varchar', length: '320' },
          { name: 'message_id', type: 'varchar', length: '1000', isNullable: true },
          { name: 'reason', type: 'varchar', length: '64' },
          { name: 'message', type: 'text' },
          { name: 'quarantined_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('quarantined_emails', true);
    await queryRunner.dropTable('parsed_emails', true);
  }
}
