import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** One cursor per IMAP folder read: UIDVALIDITY and the last UID whose message was accepted. */
export class MailboxCursors1732665600010 implements MigrationInterface {
  name = 'MailboxCursors1732665600010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'mailbox_cursors',
        columns: [
          { name: 'key', type: 'varchar', length: '600', isPrimary: true },
          { name: 'mailbox', type: 'varchar', length: '320' },
          { name: 'uid_validity', type: 'varchar', length: '20' },
          { name: 'last_uid', type: 'bigint' },
          { name: 'updated_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mailbox_cursors', true);
  }
}
