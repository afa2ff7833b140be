import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class ApiGatewaySchema1732406400008 implements MigrationInterface {
  name = 'ApiGatewaySchema1732406400008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '320', isUnique: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'organizations', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users', true);
  }
}
