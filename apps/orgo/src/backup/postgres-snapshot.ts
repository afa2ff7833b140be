import { spawn } from 'node:child_process';

import { Client } from 'pg';

/**
 * The distributed shape's PostgreSQL side of a backup: one `pg_dump` of every service schema, which
 * PostgreSQL takes as one snapshot (one transaction), so the services' tables agree with each other
 * as of one instant; `pg_restore` puts it back in one transaction.
 */
export class PostgresSnapshot {
  constructor(private readonly url: string) {}

  /** The schemas of `wanted` that exist and hold at least one table. */
  async populatedSchemas(wanted: string[]): Promise<string[]> {
    return this.withClient(async (pg) => {
      const { rows } = await pg.query<{ schema: string }>(
        'SELECT table_schema AS schema FROM information_schema.tables WHERE table_schema = ANY($1) GROUP BY table_schema',
        [wanted],
      );
      const found = new Set(rows.map((r) => r.schema));
      return wanted.filter((s) => found.has(s));
    });
  }

  /** Drops those of the schemas that exist without a table (left by a start that failed), so the restore can create them. */
  async dropEmptySchemas(schemas: string[]): Promise<void> {
    await this.withClient(async (pg) => {
      for (const schema of schemas) await pg.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}"`);
    });
  }

  async serverVersion(): Promise<string> {
    return this.withClient(async (pg) => (await pg.query<{ v: string }>('SHOW server_version')).rows[0].v);
  }

  /** `pg_dump --format=custom` of the schemas into `file`. */
  async dump(schemas: string[], file: string): Promise<void> {
    const { dbname, env } = connection(this.url);
    const args = [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      '--file',
      file,
      ...schemas.flatMap((s) => ['--schema', s]),
      '--dbname',
      dbname,
    ];
    await run('pg_dump', args, env, 'The PostgreSQL schemas could not be dumped');
  }

  /** `pg_restore` of a dump into the database, all or nothing. */
  async restore(file: string): Promise<void> {
    const { dbname, env } = connection(this.url);
    const args = [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      '--dbname',
      dbname,
      file,
    ];
    await run('pg_restore', args, env, 'The PostgreSQL schemas could not be restored (nothing was changed)');
  }

  private async withClient<T>(work: (pg: Client) => Promise<T>): Promise<T> {
    const pg = new Client({ connectionString: this.url });
    try {
      await pg.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL at ${redact(this.url)} is not reachable (${(error as Error).message}): check services/postgres url or ORGO_POSTGRES__URL.`,
      );
    }
    try {
      return await work(pg);
    } finally {
      await pg.end();
    }
  }
}

/** The URL for `--dbname` without its password, which goes in PGPASSWORD (never on a command line others can list). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    dbname: parsed.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `${what}: ${command} is not installed (it comes with the PostgreSQL client, e.g. apt-get install postgresql-client; its major version must be at least the server's).`
            : `${what}: ${error.message}`,
        ),
      ),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${what}: ${command} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`,
            ),
          ),
    );
  });
}

/** A connection URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
