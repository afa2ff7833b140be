import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The optional Elasticsearch index of the trail (apps/audit-log/README.md): how far each chain is
 * indexed, the entries Elasticsearch refused and waits to take again, the lease of the replica that
 * feeds it, and an index to find the entries retention erased since the indexer last looked.
 * Created whether the index is configured or not, so switching it on needs no migration.
 */
export class AuditSearchIndex1765152000000 implements MigrationInterface {
  name = 'AuditSearchIndex1765152000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const v = (name: string, length: number, isNullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    });
    const int = (name: string) => ({ name, type: 'integer' });
    await queryRunner.createTable(
      new Table({
        name: 'audit_index_marks',
        columns: [
          { ...v('category', 16), isPrimary: true },
          int('indexed_seq'),
          int('deleted_through'),
          v('erased_at', 24, true),
          int('erased_seq'),
          v('updated_at', 24),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_index_retries',
        columns: [
          { ...v('entry_id', 36), isPrimary: true },
          v('category', 16),
          int('seq'),
          int('attempts'),
          v('next_at', 24),
          v('reason', 100),
        ],
        indices: [new TableIndex({ name: 'audit_index_retries_due', columnNames: ['next_at'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_index_lease',
        columns: [{ ...v('name', 32), isPrimary: true }, v('owner', 36), v('until', 24)],
      }),
      true,
    );
    await queryRunner.createIndex(
      'audit_entries',
      new TableIndex({ name: 'audit_entries_erased', columnNames: ['category', 'erased_at', 'seq'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_entries', 'audit_entries_erased');
    await queryRunner.dropTable('audit_index_lease', true);
    await queryRunner.dropTable('audit_index_retries', true);
    await queryRunner.dropTable('audit_index_marks', true);
  }
}
