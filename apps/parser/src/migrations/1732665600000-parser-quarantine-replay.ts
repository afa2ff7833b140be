import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** Keeps what a quarantine replay and the per-sender rate limit need: raw bytes, sender, reception time. */
export class ParserQuarantineReplay1732665600000 implements MigrationInterface {
  name = 'ParserQuarantineReplay1732665600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('parsed_emails', [
      new TableColumn({ name: 'sender', type: 'varchar', length: '320', isNullable: true }),
      new TableColumn({ name: 'received_at', type: 'varchar', length: '24', isNullable: true }),
    ]);
    await queryRunner.createIndex('parsed_emails', new TableIndex({ name: 'parsed_emails_sender_received', columnNames: ['organization', 'sender', 'received_at'] }));
    await queryRunner.addColumns('quarantined_emails', [
      new TableColumn({ name: 'sender', type: 'varchar', length: '320', isNullable: true }),
      new TableColumn({ name: 'subject', type: 'varchar', length: '1000', isNullable: true }),
      new TableColumn({ name: 'correlation_id', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'causation_id', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'source', type: 'varchar', length: '20', isNullable: true }),
      new TableColumn({ name: 'size', type: 'integer', default: 0 }),
      new TableColumn({ name: 'raw_base64', type: 'text', isNullable: true }),
      new TableColumn({ name: 'received_at', type: 'varchar', length: '24', isNullable: true }),
      new TableColumn({ name: 'attempts', type: 'integer', default: 0 }),
      new TableColumn({ name: 'replayed_at', type: 'varchar', length: '24', isNullable: true }),
    ]);
    await queryRunner.createIndex('quarantined_emails', new TableIndex({ name: 'quarantined_emails_reason', columnNames: ['reason', 'quarantined_at'] }));
    await queryRunner.createIndex('quarantined_emails', new TableIndex({ name: 'quarantined_emails_sender_received', columnNames: ['organization', 'sender', 'received_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('quarantined_emails', 'quarantined_emails_sender_received');
    await queryRunner.dropIndex('quarantined_emails', 'quarantined_emails_reason');
    for (const column of ['replayed_at', 'attempts', 'received_at', 'raw_base64', 'size', 'source', 'causation_id', 'correlation_id', 'subject', 'sender']) {
      await queryRunner.dropColumn('quarantined_emails', column);
    }
    await queryRunner.dropIndex('parsed_emails', 'parsed_emails_sender_received');
    await queryRunner.dropColumn('parsed_emails', 'received_at');
    await queryRunner.dropColumn('parsed_emails', 'sender');
  }
}
