import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Receipts of web intake reports (SPEC §6 Mail hygiene), by a keyed hash of their follow-up code. */
export class ApiGatewayIntakeReceipts1796256000000 implements MigrationInterface {
  name = 'ApiGatewayIntakeReceipts1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'intake_receipts',
        columns: [
          { name: 'code_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '200' },
          { name: 'mailbox', type: 'varchar', length: '320' },
          { name: 'email_id', type: 'varchar', length: '36' },
          { name: 'message_id', type: 'varchar', length: '200' },
          { name: 'anonymous', type: 'boolean' },
          { name: 'sender', type: 'text' },
          { name: 'submitted_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('intake_receipts', true);
  }
}
