import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * The keyed chain (ADR 0007): each entry's key id (null keeps the entries written before as legacy
 * sha256 entries, adopted by a signed checkpoint at the service's next start), the erasure of an
 * entry's content by retention, the signed head of each category and its durable checkpoints.
 */
export class AuditIntegrity1764806400000 implements MigrationInterface {
  name = 'AuditIntegrity1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    const int = (name: string) => ({ name, type: 'integer' });
    await queryRunner.addColumns('audit_entries', [
      new TableColumn(v('key_id', 40, true)),
      new TableColumn(v('erased_at', 24, true)),
      new TableColumn(v('erasure_mac', 64, true)),
    ]);
    const state = [int('seq'), v('hash', 64), int('count'), int('anchor_seq'), v('anchor_hash', 64), int('legacy_until'), v('at', 24)];
    await queryRunner.createTable(
      new Table({
        name: 'audit_heads',
        columns: [{ ...v('category', 16), isPrimary: true }, ...state, int('checkpoint_number'), v('checkpoint_mac', 64), v('key_id', 40), v('mac', 64)],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_checkpoints',
        columns: [{ ...v('id', 36), isPrimary: true }, v('category', 16), int('number'), v('kind', 16), ...state, v('prev_mac', 64), v('key_id', 40), v('mac', 64)],
        indices: [new TableIndex({ name: 'audit_checkpoints_number', columnNames: ['category', 'number'], isUnique: true })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_checkpoints', true);
    await queryRunner.dropTable('audit_heads', true);
    await queryRunner.dropColumns('audit_entries', ['erasure_mac', 'erased_at', 'key_id']);
  }
}
