import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for the trail's lookups by correlation id (what became of an email: `orgo import` asks for
 * every imported message; `GET /audit?correlation_id=`) and by email id (`?email_id=`). Without them
 * each lookup read the whole trail, so an import slowed down as the trail grew.
 */
export class AuditLookupIndexes1764979200000 implements MigrationInterface {
  name = 'AuditLookupIndexes1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('audit_entries', new TableIndex({ name: 'audit_entries_correlation', columnNames: ['correlation_id'] }));
    await queryRunner.createIndex('audit_entries', new TableIndex({ name: 'audit_entries_email', columnNames: ['email_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_entries', 'audit_entries_email');
    await queryRunner.dropIndex('audit_entries', 'audit_entries_correlation');
  }
}
