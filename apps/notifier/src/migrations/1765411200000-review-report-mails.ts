import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Review report mails (`review.completed`): a notification may carry an HTML alternative, attached
 * files (the report's JSON) and the review run it belongs to. All nullable: the task notifications
 * already stored keep working unchanged.
 */
export class ReviewReportMails1765411200000 implements MigrationInterface {
  name = 'ReviewReportMails1765411200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('notifications', [
      new TableColumn({ name: 'html', type: 'text', isNullable: true }),
      new TableColumn({ name: 'attachments', type: 'text', isNullable: true }),
      new TableColumn({ name: 'review_run_id', type: 'varchar', length: '36', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'notifications',
      new TableIndex({ name: 'notifications_review_run', columnNames: ['review_run_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('notifications', 'notifications_review_run');
    await queryRunner.dropColumns('notifications', ['review_run_id', 'attachments', 'html']);
  }
}
