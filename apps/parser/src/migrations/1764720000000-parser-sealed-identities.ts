import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * No sender in clear before the rules' decision (SPEC §6 Privacy): the parsed email's sender becomes
 * a blind index (the plaintext column goes), the quarantine's sender, subject, message and raw bytes
 * hold sealed values (text: a sealed value is longer than the plaintext) beside a blind index, and
 * the senders the rules made pseudonymous are recorded. Rows written before are sealed at the next
 * start (`PlaintextSealingJob`), which needs the key ring a migration does not have.
 */
export class ParserSealedIdentities1764720000000 implements MigrationInterface {
  name = 'ParserSealedIdentities1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('parsed_emails', 'parsed_emails_sender_received');
    await queryRunner.dropColumn('parsed_emails', 'sender');
    await queryRunner.addColumn('parsed_emails', new TableColumn({ name: 'sender_index', type: 'varchar', length: '40', isNullable: true }));
    await queryRunner.createIndex('parsed_emails', new TableIndex({ name: 'parsed_emails_sender_index_received', columnNames: ['organization', 'sender_index', 'received_at'] }));

    await queryRunner.dropIndex('quarantined_emails', 'quarantined_emails_sender_received');
    await this.widenToText(queryRunner, 'quarantined_emails', ['sender', 'subject']);
    await queryRunner.addColumn('quarantined_emails', new TableColumn({ name: 'sender_index', type: 'varchar', length: '40', isNullable: true }));
    await queryRunner.createIndex(
      'quarantined_emails',
      new TableIndex({ name: 'quarantined_emails_sender_index_received', columnNames: ['organization', 'sender_index', 'received_at'] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'pseudonymous_senders',
        columns: [
          { name: 'organization', type: 'varchar', length: '100', isPrimary: true },
          { name: 'sender_index', type: 'varchar', length: '40', isPrimary: true },
          { name: 'pseudonym', type: 'varchar', length: '100' },
          { name: 'email_id', type: 'varchar', length: '36' },
          { name: 'recorded_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  /**
   * varchar → text keeping the values: PostgreSQL alters the type in place (TypeORM's changeColumn
   * would drop and re-add the column, losing them); SQLite copies the table (it enforces no length).
   */
  private async widenToText(queryRunner: QueryRunner, table: string, columns: string[]): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      const schema = (queryRunner.connection.options as { schema?: string }).schema;
      const path = schema ? `"${schema}"."${table}"` : `"${table}"`;
      await queryRunner.query(`ALTER TABLE ${path} ${columns.map((c) => `ALTER COLUMN "${c}" TYPE text`).join(', ')}`);
      return;
    }
    for (const column of columns) await queryRunner.changeColumn(table, column, new TableColumn({ name: column, type: 'text', isNullable: true }));
  }

  /** Back to the earlier columns; sealed values stay sealed (the earlier code cannot read them). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pseudonymous_senders', true);
    await queryRunner.dropIndex('quarantined_emails', 'quarantined_emails_sender_index_received');
    await queryRunner.dropColumn('quarantined_emails', 'sender_index');
    await queryRunner.createIndex('quarantined_emails', new TableIndex({ name: 'quarantined_emails_sender_received', columnNames: ['organization', 'sender', 'received_at'] }));
    await queryRunner.dropIndex('parsed_emails', 'parsed_emails_sender_index_received');
    await queryRunner.dropColumn('parsed_emails', 'sender_index');
    await queryRunner.addColumn('parsed_emails', new TableColumn({ name: 'sender', type: 'varchar', length: '320', isNullable: true }));
    await queryRunner.createIndex('parsed_emails', new TableIndex({ name: 'parsed_emails_sender_received', columnNames: ['organization', 'sender', 'received_at'] }));
  }
}
