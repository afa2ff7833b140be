import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Pseudonyms of sensitive reporters and the sealed originals of their reports (SPEC §6 Privacy). */
export class RuleEnginePrivacy1764633600000 implements MigrationInterface {
  name = 'RuleEnginePrivacy1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pseudonyms',
        columns: [
          { name: 'organization', type: 'varchar', length: '100', isPrimary: true },
          { name: 'sender_index', type: 'varchar', length: '64', isPrimary: true },
          { name: 'pseudonym', type: 'varchar', length: '40' },
          { name: 'sequence', type: 'integer' },
          { name: 'identity', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [new TableIndex({ name: 'pseudonyms_name', columnNames: ['organization', 'pseudonym'], isUnique: true })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'sensitive_reports',
        columns: [
          { name: 'email_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'pseudonym', type: 'varchar', length: '40' },
          { name: 'message_id', type: 'varchar', length: '1000', isNullable: true },
          { name: 'original', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [new TableIndex({ name: 'sensitive_reports_pseudonym', columnNames: ['organization', 'pseudonym'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sensitive_reports', true);
    await queryRunner.dropTable('pseudonyms', true);
  }
}
