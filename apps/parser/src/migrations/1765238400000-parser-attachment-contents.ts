import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * The bytes of the email attachments tasks get (SPEC §4 attachments), once per content hash
 * (`attachment_contents`, sealed): what `GET /api/v1/tasks/{id}/attachments/{aid}` streams for an
 * attachment of the source mail. The same statements on PostgreSQL and SQLite.
 */
export class ParserAttachmentContents1765238400000 implements MigrationInterface {
  name = 'ParserAttachmentContents1765238400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'attachment_contents',
        columns: [
          { name: 'sha256', type: 'varchar', length: '64', isPrimary: true },
          { name: 'size', type: 'integer' },
          { name: 'content_base64', type: 'text' },
          { name: 'stored_at', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('attachment_contents', true);
  }
}
