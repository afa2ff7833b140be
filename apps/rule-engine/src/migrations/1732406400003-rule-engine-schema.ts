import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class RuleEngineSchema1732406400003 implements MigrationInterface {
  name = 'RuleEngineSchema1732406400003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'routing_decisions',
        columns: [
          { name: 'email_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization', type: 'varchar', length: '100' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'rule_set_hash', type: 'varchar', length: '64' },
          { name: 'decision', type: 'text' },
          { name: 'decided_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('routing_decisions', true);
  }
}
