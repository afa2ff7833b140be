import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Hardened sign-in (SPEC §7): users gain `disabled`, permissions and sealed TOTP secrets with hashed
 * recovery codes; failed sign-ins per account (lockout, shared by replicas); sign-in sessions and
 * their refresh tokens (rotation with reuse detection).
 */
export class ApiGatewaySignIn1764720000000 implements MigrationInterface {
  name = 'ApiGatewaySignIn1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'disabled', type: 'boolean', default: false }),
      new TableColumn({ name: 'permissions', type: 'text', isNullable: true }),
      new TableColumn({ name: 'mfa_secret', type: 'text', isNullable: true }),
      new TableColumn({ name: 'mfa_pending_secret', type: 'text', isNullable: true }),
      new TableColumn({ name: 'mfa_enabled_at', type: 'varchar', length: '24', isNullable: true }),
      new TableColumn({ name: 'mfa_last_step', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'recovery_codes', type: 'text', isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'sign_in_failures',
        columns: [
          { name: 'account_key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'failures', type: 'integer' },
          { name: 'locked_until', type: 'varchar', length: '24', isNullable: true },
          { name: 'last_failure_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'sign_in_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'expires_at', type: 'varchar', length: '24' },
          { name: 'revoked_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'revoked_reason', type: 'varchar', length: '40', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'sign_in_sessions_user', columnNames: ['user_id'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'session_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'expires_at', type: 'varchar', length: '24' },
          { name: 'retired_at', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'refresh_tokens_session', columnNames: ['session_id'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('refresh_tokens', true);
    await queryRunner.dropTable('sign_in_sessions', true);
    await queryRunner.dropTable('sign_in_failures', true);
    for (const column of ['recovery_codes', 'mfa_last_step', 'mfa_enabled_at', 'mfa_pending_secret', 'mfa_secret', 'permissions', 'disabled']) {
      await queryRunner.dropColumn('users', column);
    }
  }
}
