import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { SERVICE_NAMES } from '@orgo/contracts';
import { corpusReports } from '@orgo/testing';
import { Client } from 'pg';

import { ApiClient } from './support/api-client';
import { POSTGRES_URL, namespaceEnv, removeNamespace } from './support/distributed-process';
import { eventually } from './support/eventually';
import {
  ROOT,
  dropMail,
  freePort,
  mail,
  runOrgo,
  startStandalone,
  tempDir,
} from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/** Real mail from the shared corpus and one of our own, dropped into the role mailboxes. */
function dropWorkload(home: string): number {
  const reports = corpusReports()
    .filter((m) => m.raw.length < 200_000)
    .slice(0, 6);
  reports.forEach((m, i) =>
    dropMail(home, 'repairs@riverside.example', `corpus-${i}.eml`, m.raw.toString('latin1')),
  );
  dropMail(
    home,
    'repairs@riverside.example',
    'heating.eml',
    mail({
      from: 'Maya <maya@members.example>',
      to: 'repairs@riverside.example',
      subject: 'Heating broken in the gym',
      body: 'It is very cold in the gym since Monday.',
      id: `heating-${randomUUID()}@members.example`,
    }),
  );
  return reports.length + 1;
}

async function orgo(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const run = runOrgo(args, env);
  const code = await run.exited;
  return { code, out: run.output() };
}

async function verify(args: string[], env: Record<string, string> = {}): Promise<unknown> {
  const result = await orgo(['audit', 'verify', '--config', CONFIG, '--json', ...args], env);
  if (result.code !== 0) throw new Error(`orgo audit verify exited with ${result.code}:\n${result.out}`);
  return JSON.parse(result.out.trim().split('\n').pop() as string);
}

/** The task list as the API gives it, once every dropped mail has been taken in and has settled. */
async function settledTasks(api: ApiClient, home: string): Promise<unknown[]> {
  await eventually(
    async () =>
      fs.readdirSync(path.join(home, 'inbox', 'repairs@riverside.example')).filter((f) => f.endsWith('.eml'))
        .length,
    (n) => n === 0,
    { timeoutMs: 60_000, what: 'the inbox taken in' },
  );
  let previous = '';
  return eventually(
    async () => {
      const body = (await api.get('/api/v1/tasks?organization=riverside&limit=100')).body as {
        items: unknown[];
      };
      const now = JSON.stringify(body.items);
      const stable = now === previous;
      previous = now;
      return stable ? body.items : null;
    },
    (items) => items !== null && items.length > 0,
    { timeoutMs: 60_000, intervalMs: 2000, what: 'a settled task list' },
  ) as Promise<unknown[]>;
}

describe('orgo backup and orgo restore: standalone home', () => {
  const home = tempDir('orgo-backup-home-');
  const keyStore = tempDir('orgo-backup-keys-');
  const backup = path.join(tempDir('orgo-backup-files-'), 'home.tar.gz');
  let tasksBefore: unknown[];
  let verifiedBefore: unknown;

  beforeAll(async () => {
    const running = await startStandalone(CONFIG, home);
    try {
      dropWorkload(home);
      const api = new ApiClient(running.url);
      await api.login();
      tasksBefore = await settledTasks(api, home);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    verifiedBefore = await verify(['--home', home]);
  }, 180_000);

  it('refuses to back up a home Orgo is running on', async () => {
    const running = await startStandalone(CONFIG, home);
    try {
      const result = await orgo(['backup', '--config', CONFIG, '--home', home, '--to', `${backup}.running`]);
      expect(result.code).toBe(2);
      expect(result.out).toMatch(/Orgo is using .* \(start, pid \d+/);
      expect(fs.existsSync(`${backup}.running`)).toBe(false);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    // The start above may have added its own entries; the trail as it is now is what is backed up.
    verifiedBefore = await verify(['--home', home]);
  }, 120_000);

  it('backs up, is wiped, restores; the audit trail verifies the same and the task list is identical', async () => {
    const taken = await orgo(['backup', '--config', CONFIG, '--home', home, '--to', backup, '--json']);
    expect(taken.code).toBe(0);
    const manifest = JSON.parse(taken.out.trim().split('\n').pop() as string);
    expect(manifest).toMatchObject({
      format: 'orgo-backup',
      shape: 'standalone',
      keys: { included: false, source: 'file', encryption: ['k1'], audit: ['a1'] },
    });
    expect(
      manifest.entries
        .filter((e: { kind: string }) => e.kind === 'sqlite')
        .map((e: { name: string }) => e.name),
    ).toEqual(SERVICE_NAMES.map((s) => `data/${s}.sqlite`));
    expect(manifest.entries.some((e: { name: string }) => e.name.startsWith('home/processed/'))).toBe(true);
    expect(manifest.entries.some((e: { kind: string }) => e.kind === 'key')).toBe(false);

    // The operator keeps the key file apart from the backups; then the home is lost.
    fs.copyFileSync(path.join(home, 'secrets', 'keys.json'), path.join(keyStore, 'keys.json'));
    fs.rmSync(home, { recursive: true, force: true });

    const restored = await orgo(['restore', backup, '--config', CONFIG, '--home', home, '--json']);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/keys k1, a1, which this installation does not have/);
    fs.mkdirSync(path.join(home, 'secrets'), { recursive: true });
    fs.copyFileSync(path.join(keyStore, 'keys.json'), path.join(home, 'secrets', 'keys.json'));

    expect(await verify(['--home', home])).toEqual(verifiedBefore);
    const again = await startStandalone(CONFIG, home);
    try {
      const api = new ApiClient(again.url);
      await api.login();
      expect((await api.get('/api/v1/tasks?organization=riverside&limit=100')).body.items).toEqual(
        tasksBefore,
      );
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 180_000);

  it('with --include-keys restores the keys too, into a new home', async () => {
    const withKeys = `${backup}.keys.tar.gz`;
    expect(
      (await orgo(['backup', '--config', CONFIG, '--home', home, '--to', withKeys, '--include-keys'])).out,
    ).toMatch(/keys included \(k1, a1\)/);
    const second = tempDir('orgo-backup-second-');
    const restored = await orgo(['restore', withKeys, '--config', CONFIG, '--home', second]);
    expect(restored).toMatchObject({ code: 0 });
    expect(restored.out).not.toMatch(/Warning/);
    expect(fs.readFileSync(path.join(second, 'secrets', 'keys.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(home, 'secrets', 'keys.json'), 'utf8'),
    );
    expect(((await verify(['--home', second])) as { ok: boolean }).ok).toBe(true);
  }, 120_000);

  it('refuses a truncated or damaged backup and a home that is not empty, restoring nothing', async () => {
    const bytes = fs.readFileSync(backup);
    const truncated = `${backup}.truncated`;
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const empty = tempDir('orgo-backup-empty-');
    const cut = await orgo(['restore', truncated, '--config', CONFIG, '--home', empty]);
    expect(cut.code).toBe(2);
    expect(cut.out).toMatch(/Nothing was restored: .*home\.tar\.gz\.truncated is truncated/);
    expect(fs.readdirSync(empty).filter((f) => f !== 'run')).toEqual([]);

    const damaged = Buffer.from(bytes);
    damaged[Math.floor(bytes.length / 3)] ^= 0x55;
    fs.writeFileSync(`${backup}.damaged`, damaged);
    const bad = await orgo(['restore', `${backup}.damaged`, '--config', CONFIG, '--home', empty]);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/Nothing was restored: .*(damaged|truncated|checksum)/);
    expect(fs.readdirSync(empty).filter((f) => f !== 'run')).toEqual([]);

    const occupied = await orgo(['restore', backup, '--config', CONFIG, '--home', home]);
    expect(occupied.code).toBe(2);
    expect(occupied.out).toMatch(/is not empty \(.*data\/email-gateway\.sqlite/);
  }, 60_000);
});

describe('orgo backup --distributed and orgo restore --distributed: the PostgreSQL schemas', () => {
  const run = `b${randomUUID().slice(0, 8)}`;
  const home = tempDir('orgo-backup-dist-');
  const backup = path.join(tempDir('orgo-backup-files-'), 'distributed.tar.gz');
  const env = namespaceEnv(run);
  const schemas = SERVICE_NAMES.map((s) => `${run}_${s.replace(/-/g, '_')}`);
  const pg = new Client({ connectionString: POSTGRES_URL });
  const taskRows = async () => (await pg.query(`SELECT * FROM "${run}_task_service".tasks ORDER BY id`)).rows;

  beforeAll(() => pg.connect());
  afterAll(async () => {
    await pg.end();
    await removeNamespace(run);
  });

  it('backs up one snapshot of every schema, is wiped, restores; the audit trail verifies the same and the tasks are identical', async () => {
    const port = await freePort();
    const services = runOrgo(
      ['distributed', '--config', CONFIG, '--home', home, '--port', String(port)],
      env,
    );
    try {
      await eventually(
        async () => services.output(),
        (out) => out.includes('Orgo (distributed)'),
        { timeoutMs: 90_000, what: 'the distributed shape up' },
      );
      dropWorkload(home);
      const api = new ApiClient(`http://127.0.0.1:${port}`);
      await api.login();
      await settledTasks(api, home);
    } finally {
      services.child.kill('SIGTERM');
      await services.exited;
    }
    const keys = { ORGO_KEY_FILE: path.join(home, 'secrets', 'keys.json') };
    const verifiedBefore = await verify(['--distributed'], { ...env, ...keys });
    const tasksBefore = await taskRows();
    expect(tasksBefore.length).toBeGreaterThan(0);

    const taken = await orgo(
      ['backup', '--distributed', '--config', CONFIG, '--home', home, '--to', backup, '--json'],
      { ...env, ...keys },
    );
    expect(taken.code).toBe(0);
    const manifest = JSON.parse(taken.out.trim().split('\n').pop() as string);
    expect(manifest).toMatchObject({
      shape: 'distributed',
      source: { schemas, schema_prefix: `${run}_` },
      keys: { included: false, encryption: ['k1'], audit: ['a1'] },
    });
    expect(manifest.entries.map((e: { name: string }) => e.name)).toEqual(['postgres/orgo.dump']);

    // Restoring over the live schemas is refused: nothing is overwritten.
    const over = await orgo(['restore', backup, '--distributed', '--config', CONFIG, '--home', home], {
      ...env,
      ...keys,
    });
    expect(over.code).toBe(2);
    expect(over.out).toMatch(/already hold tables/);

    for (const schema of schemas) await pg.query(`DROP SCHEMA "${schema}" CASCADE`);

    const truncated = `${backup}.truncated`;
    fs.writeFileSync(
      truncated,
      fs.readFileSync(backup).subarray(0, Math.floor(fs.statSync(backup).size / 2)),
    );
    const cut = await orgo(['restore', truncated, '--distributed', '--config', CONFIG, '--home', home], {
      ...env,
      ...keys,
    });
    expect(cut.code).toBe(2);
    expect(cut.out).toMatch(/truncated/);
    expect(
      (await pg.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ANY($1)', [schemas]))
        .rowCount,
    ).toBe(0);

    const wrongPrefix = await orgo(['restore', backup, '--distributed', '--config', CONFIG, '--home', home], {
      ...env,
      ...keys,
      ORGO_POSTGRES__SCHEMA_PREFIX: 'other_',
    });
    expect(wrongPrefix.code).toBe(2);
    expect(wrongPrefix.out).toMatch(new RegExp(`ORGO_POSTGRES__SCHEMA_PREFIX=${run}_`));

    const restored = await orgo(
      ['restore', backup, '--distributed', '--config', CONFIG, '--home', home, '--json'],
      { ...env, ...keys },
    );
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out.trim().split('\n').pop() as string)).toMatchObject({
      shape: 'distributed',
      keys_missing: [],
    });
    expect(await verify(['--distributed'], { ...env, ...keys })).toEqual(verifiedBefore);
    expect(await taskRows()).toEqual(tasksBefore);
  }, 300_000);
});
