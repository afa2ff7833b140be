import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Notifications per recipient and channel with their delivery state (queued → sent | failed,
 * attempts, next attempt, lease, last error, digest) and an increasing `seq` for the API's cursor,
 * plus the people's own notification preferences. The rows of the first table (one per mail, with
 * a list of recipients) are copied over: each keeps its id, status and times, its recipients
 * joined in `recipient`.
 */
export class NotificationDeliveries1732924800000 implements MigrationInterface {
  name = 'NotificationDeliveries1732924800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    const table = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    const text = (name: string, isNullable = false) => ({ name, type: 'text', isNullable });
    await queryRunner.dropIndex('notifications', 'notifications_task');
    await queryRunner.renameTable('notifications', 'notifications_v1');
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          v('id', 36),
          v('organization', 100),
          v('task_id', 36, true),
          v('task_key', 32, true),
          v('task_label', 200, true),
          text('task_title', true),
          v('purpose', 32),
          v('channel', 16),
          v('recipient', 320),
          v('person', 320),
          v('position', 200, true),
          text('subject'),
          text('body'),
          text('mail', true),
          v('status', 16),
          v('held', 16, true),
          { name: 'attempts', type: 'integer' },
          v('next_attempt_at', 24, true),
          v('lease_until', 24, true),
          text('last_error', true),
          v('digest_id', 36, true),
          text('file', true),
          v('cause_id', 36, true),
          v('correlation_id', 64, true),
          v('created_at', 24),
          v('sent_at', 24, true),
        ],
      }),
    );
    const old = (await queryRunner.query(`SELECT * FROM ${table('notifications_v1')} ORDER BY created_at, id`)) as Record<string, unknown>[];
    for (const row of old) {
      let recipients: string[] = [];
      try {
        recipients = JSON.parse(String(row.recipients ?? '[]')) as string[];
      } catch {
        recipients = [];
      }
      const values: Record<string, unknown> = {
        id: row.id,
        organization: row.organization,
        task_id: row.task_id,
        task_key: row.task_key,
        purpose: row.purpose,
        channel: row.channel,
        recipient: recipients.join(', '),
        person: recipients[0] ?? '',
        subject: row.subject,
        body: '',
        status: row.status,
        attempts: row.attempts,
        last_error: row.error,
        file: row.file,
        created_at: row.created_at,
        sent_at: row.sent_at,
      };
      const columns = Object.keys(values);
      const marks = columns.map((_, i) => (schema ? `$${i + 1}` : '?'));
      await queryRunner.query(`INSERT INTO ${table('notifications')} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${marks.join(', ')})`, Object.values(values));
    }
    await queryRunner.dropTable('notifications_v1');
    for (const [name, columns, isUnique] of [
      ['notifications_id', ['id'], true],
      ['notifications_due', ['status', 'next_attempt_at'], false],
      ['notifications_task_id', ['task_id'], false],
      ['notifications_recipient', ['recipient'], false],
      ['notifications_digest', ['digest_id'], false],
    ] as const) {
      await queryRunner.createIndex('notifications', new TableIndex({ name, columnNames: [...columns], isUnique }));
    }
    await queryRunner.createTable(
      new Table({
        name: 'notification_preferences',
        columns: [
          { ...v('organization', 100), isPrimary: true },
          { ...v('email', 320), isPrimary: true },
          text('channels', true),
          // null: not set by the person; '' : the person turned quiet hours off.
          v('quiet_hours', 16, true),
          v('digest', 16, true),
          v('updated_at', 24),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification_preferences', true);
    await queryRunner.dropTable('notifications', true);
  }
}
