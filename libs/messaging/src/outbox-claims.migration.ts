import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

import { MessagingTables1732406400000 } from './messaging-tables.migration';

/** Outbox rows carry the time until which a relay has claimed them, so replicas never publish one row twice. */
export class OutboxClaims1733011200000 implements MigrationInterface {
  name = 'OutboxClaims1733011200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('outbox_messages', new TableColumn({ name: 'claimed_until', type: 'varchar', length: '24', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbox_messages', 'claimed_until');
  }
}

/** The messaging tables' migrations, oldest first: every service runs them before its own. */
export const MESSAGING_MIGRATIONS = [MessagingTables1732406400000, OutboxClaims1733011200000];
