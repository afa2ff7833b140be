/**
 * What the bench reads from outside a running shape: the Orgo processes of one home folder and their
 * CPU time (/proc/<pid>/stat), the services' Prometheus counters, the SQL statements counted by
 * measure-preload.js, and the outbox rows and notification files written.
 */
import fs from 'node:fs';
import path from 'node:path';

import { SERVICE_NAMES } from '@orgo/contracts';
import { Client } from 'pg';

/** The part of better-sqlite3 (installed for TypeORM, without type declarations) read here. */
interface SqliteDatabase {
  prepare(sql: string): { get(): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteDatabase;

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface OrgoProcess {
  pid: number;
  /** `orgo` for the standalone shape, the service name for a distributed child. */
  name: string;
}

/** The Orgo processes started with `--home <home>`: the standalone process, or each distributed service. */
export function orgoProcesses(home: string): OrgoProcess[] {
  const found: OrgoProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = argv.indexOf('--home');
    if (at < 0 || argv[at + 1] !== home || !argv.some((a) => a.endsWith('orgo.js'))) continue;
    const service = argv.indexOf('--service');
    if (service >= 0) found.push({ pid: Number(entry), name: argv[service + 1] });
    else if (argv.includes('start')) found.push({ pid: Number(entry), name: 'orgo' });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** CPU milliseconds (user + system, every thread) a process has used so far. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime field 14, stime field 15 (1-based, proc(5)).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export function cpuSnapshot(processes: OrgoProcess[]): Record<string, number> {
  return Object.fromEntries(processes.map((p) => [p.name, cpuMs(p.pid)]));
}

/** The /metrics URLs of a shape: one for standalone; the api-gateway's port and port + 101 … for the others. */
export function metricsUrls(url: string, distributed: boolean): string[] {
  if (!distributed) return [`${url}/metrics`];
  const port = Number(new URL(url).port);
  const others = SERVICE_NAMES.filter((s) => s !== 'api-gateway');
  return [`${url}/metrics`, ...others.map((_, i) => `http://127.0.0.1:${port + 101 + i}/metrics`)];
}

/** orgo_messages_handled_total summed over every service, by routing key. */
export async function handledByRoutingKey(urls: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const url of urls) {
    const text = await fetch(url).then((r) => r.text());
    for (const line of text.split('\n')) {
      const m = /^orgo_messages_handled_total\{([^}]*)\} (\S+)$/.exec(line);
      if (!m) continue;
      const key = /routing_key="([^"]*)"/.exec(m[1])?.[1] ?? '?';
      out[key] = (out[key] ?? 0) + Number(m[2]);
    }
  }
  return out;
}

/** SQL statements per process so far, as measure-preload.js wrote them (pid → count). */
export function sqlCounts(dir: string): Record<number, number> {
  const out: Record<number, number> = {};
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const m = /^sql-(\d+)\.json$/.exec(file);
    if (!m) continue;
    try {
      out[Number(m[1])] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).statements;
    } catch {
      /* being replaced */
    }
  }
  return out;
}

/** Outbox rows (messages published through an outbox) of every service: SQLite files of the home, or the run's PostgreSQL schemas. */
export async function outboxRows(home: string, postgres?: { url: string; schemas: string[] }): Promise<number> {
  let total = 0;
  if (postgres) {
    const pg = new Client({ connectionString: postgres.url });
    await pg.connect();
    try {
      for (const schema of postgres.schemas) {
        const res = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".outbox_messages`).catch(() => ({ rows: [{ n: 0 }] }));
        total += res.rows[0].n as number;
      }
    } finally {
      await pg.end();
    }
    return total;
  }
  const data = path.join(home, 'data');
  for (const file of fs.existsSync(data) ? fs.readdirSync(data).filter((f) => f.endsWith('.sqlite')) : []) {
    const db = new Database(path.join(data, file), { readonly: true, fileMustExist: true });
    try {
      const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'outbox_messages'").get();
      if (table) total += (db.prepare('SELECT count(*) AS n FROM outbox_messages').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  return total;
}

/** Notification mails written to `<home>/outbox/` (the file transport). */
export function outboxFiles(home: string): number {
  const dir = path.join(home, 'outbox');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).length : 0;
}
