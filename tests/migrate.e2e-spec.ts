import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { Client } from 'pg';

import { POSTGRES_URL } from './support/distributed-process';
import { ROOT, runOrgo, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const SERVICES = ['email-gateway', 'parser', 'rule-engine', 'task-service', 'escalation-scheduler', 'notifier', 'audit-log', 'api-gateway'];

async function migrate(args: string[], env: Record<string, string> = {}): Promise<Record<string, string[]>> {
  const run = runOrgo(['migrate', '--config', CONFIG, '--json', ...args], env);
  expect(await run.exited).toBe(0);
  return JSON.parse(run.output().trim().split('\n').pop() as string);
}

const TASK_SERVICE_MIGRATIONS = [
  'MessagingTables1732406400000',
  'TaskServiceSchema1732406400004',
  'TaskSourceReceivedAt1732492800000',
  'TaskSourceMessageIndex1732579200000',
  'TaskSuggestedPosition1732665600000',
  'TaskBroadcast1732752000000',
  'TaskSourceOrganization1732838400000',
  'TaskEscalationClock1732924800000',
  'OutboxClaims1733011200000',
  'TaskFullTextSearch1765065600000',
  'TaskLinks1765152000000',
  'TaskAttachments1765238400000',
];

/** `orgo migrate` applies each service's migrations once, on SQLite and on PostgreSQL. */
describe('orgo migrate', () => {
  it('migrates the standalone databases, then finds them up to date', async () => {
    const home = tempDir('orgo-migrate-');
    const first = await migrate(['--home', home]);
    expect(Object.keys(first)).toEqual(SERVICES);
    expect(first['task-service']).toEqual(TASK_SERVICE_MIGRATIONS);
    const second = await migrate(['--home', home]);
    expect(Object.values(second).every((applied) => applied.length === 0)).toBe(true);
  });

  it("migrates each service's own PostgreSQL schema", async () => {
    const prefix = `m${randomUUID().slice(0, 8)}_`;
    const env = { ORGO_POSTGRES__URL: POSTGRES_URL, ORGO_POSTGRES__SCHEMA_PREFIX: prefix };
    const pg = new Client({ connectionString: POSTGRES_URL });
    await pg.connect();
    try {
      const applied = await migrate(['--distributed', '--service', 'task-service'], env);
      expect(applied['task-service']).toEqual(TASK_SERVICE_MIGRATIONS);
      const tables = await pg.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [`${prefix}task_service`]);
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        'dead_letters', 'inbox_messages', 'outbox_messages', 'task_attachments', 'task_events', 'task_key_counters', 'task_links', 'task_service_migrations', 'tasks',
      ]);
      expect((await migrate(['--distributed', '--service', 'task-service'], env))['task-service']).toEqual([]);
    } finally {
      await pg.query(`DROP SCHEMA IF EXISTS "${prefix}task_service" CASCADE`);
      await pg.end();
    }
  });
});
