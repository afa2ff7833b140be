import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type DatabaseOptions, TransactionRunner, insertRows, openServiceDatabase } from '@orgo/persistence';
import type { DataSource } from 'typeorm';

import type { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskFullTextSearch1765065600000 } from '../../../migrations/1765065600000-task-full-text-search';
import { TASK_SERVICE_STORAGE } from '../../../task-service.module';
import { TaskEntity } from '../../entities/task.entity';
import { updateTask } from '../../entities/update-task';
import { QueryTasksService } from './query-tasks.service';
import type { TaskVisibility } from './task-visibility';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const ENGINES: [string, () => DatabaseOptions][] = [
  ['PostgreSQL', () => ({ type: 'postgres', url: POSTGRES_URL, schema: `task_search_${process.pid}_${Date.now().toString(36)}` })],
  ['SQLite', () => ({ type: 'sqlite', path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-task-search-')), 'tasks.sqlite') })],
];

const BEFORE_SEARCH = TASK_SERVICE_STORAGE.migrations.filter((m) => m !== TaskFullTextSearch1765065600000);

let n = 0;
function task(overrides: Partial<TaskEntity>): TaskEntity {
  const at = new Date(Date.parse('2026-12-01T09:00:00.000Z') + ++n * 60_000).toISOString();
  return Object.assign(new TaskEntity(), {
    id: randomUUID(), key: `RCC-${n}`, organization: 'riverside', type: 'facilities', subtype: null, category: 8, subcategory: 1,
    label: '1001.81.Facilities.Repairs', title: 'Untitled', description: '', status: 'pending', priority: 'medium', severity: null,
    assigneePosition: '1001.Facilities.Repairs', assigneePerson: null, suggestedPosition: null, broadcast: null, sourceOrganization: null,
    reporter: 'someone@members.example', sensitive: false, visibility: 'organization', tags: [], metadata: {}, escalationLevel: 0,
    escalationChain: ['1001.Facilities.Repairs'], reactivityMs: null, nextDueAt: null, warnAt: null, pausedRemainingMs: null, calendar: null,
    sourceEmailId: null, sourceMailbox: null, sourceMessageId: null, sourceReceivedAt: null, createdAt: at, updatedAt: at, version: 1,
    ...overrides,
  });
}

/** The `text` filter of `GET /tasks` on both engines: the migration, the index kept in step, the ranking, the privacy. */
describe.each(ENGINES)('full-text search of tasks on %s', (_engine, database) => {
  const options = database();
  let ds: DataSource;
  let query: QueryTasksService;
  const ids: Record<string, string> = {};
  let oldKey = '';

  beforeAll(async () => {
    // Tasks written before the migration are indexed by it.
    const before = await openServiceDatabase({ service: 'task-service', database: options, entities: TASK_SERVICE_STORAGE.entities, migrations: BEFORE_SEARCH });
    const old = task({ title: 'Heating broken in the gym', description: 'Radiators are cold since Monday.', tags: ['gym'] });
    await insertRows(before.manager, TaskEntity, old);
    ids.old = old.id;
    oldKey = old.key;
    await before.destroy();
    ds = await openServiceDatabase({ service: 'task-service', database: options, entities: TASK_SERVICE_STORAGE.entities, migrations: TASK_SERVICE_STORAGE.migrations });
    const visibility = { restrict: () => undefined, check: () => () => true } as unknown as TaskVisibility;
    query = new QueryTasksService(new TransactionRunner(ds), visibility, {} as DirectoryRegistry);
    const rows = [
      task({ title: 'Boiler knocking', description: 'The boiler knocks every morning; the boiler room is loud.', tags: ['boiler-room'] }),
      task({ title: 'Projector bulb', description: 'Replace it; the boiler is fine.', tags: ['hall'] }),
      task({ title: 'A complaint about the coach', description: 'The coach shouted at the juniors.', reporter: 'Anon-1', sensitive: true }),
      task({ title: '100% of the chairs need cleaning', description: 'All of them.' }),
    ];
    await insertRows(ds.manager, TaskEntity, rows);
    [ids.boiler, ids.projector, ids.complaint, ids.chairs] = rows.map((r) => r.id);
  });

  afterAll(async () => {
    if (ds) {
      if (options.type === 'postgres') await ds.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
      await ds.destroy();
    }
    if (options.type === 'sqlite') fs.rmSync(path.dirname(options.path), { recursive: true, force: true });
  });

  const found = async (text: string, extra: { sort?: '-created_at' | 'created_at' } = {}) =>
    (await query.list({ text, limit: 50, offset: 0, scope: null, ...extra })).items.map((t) => t.id);

  it('indexes the tasks that were there before the migration', async () => {
    expect(await found('radiators')).toEqual([ids.old]);
    expect(await found('gym')).toEqual([ids.old]);
  });

  it('ranks the better match first unless a sort is given, with English stemming', async () => {
    expect(await found('boiler')).toEqual([ids.boiler, ids.projector]);
    expect(await found('boiler', { sort: '-created_at' })).toEqual([ids.projector, ids.boiler]);
    expect(await found('knocks')).toEqual([ids.boiler]);
  });

  it('reads the search box as websearch_to_tsquery does: phrases, or, exclusions, keys', async () => {
    expect(await found('"boiler room"')).toEqual([ids.boiler]);
    expect(await found('boiler -projector')).toEqual([ids.boiler]);
    expect((await found('radiators or juniors')).sort()).toEqual([ids.old, ids.complaint].sort());
    expect(await found(oldKey)).toEqual([ids.old]);
    expect(await found(oldKey.toLowerCase())).toEqual([ids.old]);
  });

  it('matches nothing for LIKE wildcards or text with nothing to look for', async () => {
    for (const text of ['%', '_', '%_%', '""']) expect(await found(text)).toEqual([]);
    expect(await found('100%')).toEqual([ids.chairs]);
  });

  it('never indexes the reporter', async () => {
    expect(await found('coach')).toEqual([ids.complaint]);
    expect(await found('Anon-1')).toEqual([]);
    expect(await found('someone@members.example')).toEqual([]);
    expect(await found('members')).toEqual([]);
  });

  it('follows a task’s title and tags when they change, and forgets a deleted task', async () => {
    const repo = ds.getRepository(TaskEntity);
    const projector = await repo.findOneByOrFail({ id: ids.projector });
    await updateTask(ds.manager, Object.assign(projector, { title: 'Projector lamp', tags: ['stage'], description: 'Replace it.' }));
    expect(await found('bulb')).toEqual([]);
    expect(await found('stage lamp')).toEqual([ids.projector]);
    expect(await found('boiler')).toEqual([ids.boiler]);
    await repo.delete({ id: ids.chairs });
    expect(await found('chairs')).toEqual([]);
  });
});
