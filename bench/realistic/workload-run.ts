/**
 * One workload through one shape: a burst (every mail dropped at once) and a steady offered rate,
 * each measured from the API (tasks and their latency, acceptance → task commit) and from outside
 * the processes (CPU per process from /proc, messages handled and published, SQL statements,
 * notification files), each phase ending when the notifications have settled.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { TaskSnapshotV1 } from '@orgo/contracts';

import { ApiClient } from '../../tests/support/api-client';
import type { RunningShape } from '../../tests/support/pipeline-suite';
import { dropMail, tempDir } from '../../tests/support/standalone-process';

import {
  type OrgoProcess,
  cpuSnapshot,
  handledByRoutingKey,
  metricsUrls,
  orgoProcesses,
  outboxFiles,
  outboxRows,
  sqlCounts,
} from './process-probe';

export interface BenchMail {
  mailbox: string;
  name: string;
  raw: string;
}

export interface Workload {
  name: string;
  config: string;
  /** The mails of one phase; `run` starts every Message-ID (a phase's tasks are told apart by it). */
  mails: (run: string, count: number) => BenchMail[];
  burst: number;
  rate: number;
  seconds: number;
  describe?: Record<string, unknown>;
}

export interface RunOptions {
  /** Write a CPU profile of every measured process to this folder (bench/realistic/measure-preload.js). */
  profileDir?: string;
}

type Start = (config: string, home: string) => Promise<RunningShape>;

const PRELOAD = path.join(__dirname, 'measure-preload.js');
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function allTasks(api: ApiClient, expected: number, timeoutMs: number): Promise<TaskSnapshotV1[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const total = (await api.get('/api/v1/tasks?limit=1')).body.total as number;
    if (total >= expected || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const items: TaskSnapshotV1[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await api.get(`/api/v1/tasks?limit=200&offset=${offset}&sort=created_at`)).body;
    items.push(...page.items);
    if (page.items.length < 200) break;
  }
  return items;
}

function summarize(tasks: TaskSnapshotV1[], run: string) {
  const mine = tasks.filter((t) => String(t.source.message_id).replace(/^</, '').startsWith(run));
  const latencies = mine.map((t) => Date.parse(t.created_at) - Date.parse(t.source.received_at ?? t.created_at)).sort((a, b) => a - b);
  const first = Math.min(...mine.map((t) => Date.parse(t.source.received_at ?? t.created_at)));
  const last = Math.max(...mine.map((t) => Date.parse(t.created_at)));
  return {
    tasks: mine.length,
    seconds: (last - first) / 1000,
    emails_per_second: round(mine.length / ((last - first) / 1000)),
    latency_ms: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
  };
}

interface Snapshot {
  at: number;
  cpu: Record<string, number>;
  handled: Record<string, number>;
  sql: Record<number, number>;
  published: number;
  files: number;
}

class ShapeProbe {
  constructor(
    readonly shape: RunningShape,
    readonly home: string,
    readonly processes: OrgoProcess[],
    readonly sqlDir: string,
    readonly distributed: boolean,
  ) {}

  async snapshot(): Promise<Snapshot> {
    return {
      at: Date.now(),
      cpu: cpuSnapshot(this.processes),
      handled: await handledByRoutingKey(metricsUrls(this.shape.url, this.distributed)),
      sql: sqlCounts(this.sqlDir),
      published: await outboxRows(this.home, this.shape.postgres),
      files: outboxFiles(this.home),
    };
  }

  /** Waits until no notification file is written and no message handled for `quietMs`; the time of the last change. */
  async settle(quietMs = 2500, timeoutMs = 300_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    let last = '';
    let changedAt = Date.now();
    while (Date.now() < end) {
      const handled = await handledByRoutingKey(metricsUrls(this.shape.url, this.distributed));
      const state = `${outboxFiles(this.home)}/${Object.values(handled).reduce((a, b) => a + b, 0)}`;
      if (state !== last) {
        last = state;
        changedAt = Date.now();
      } else if (Date.now() - changedAt >= quietMs) {
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    return changedAt;
  }

  /** The per-email figures of a phase between two snapshots. */
  costs(before: Snapshot, after: Snapshot, settledAt: number, emails: number) {
    const cpu = Object.fromEntries(Object.keys(after.cpu).map((name) => [name, round((after.cpu[name] - (before.cpu[name] ?? 0)) / emails, 2)]));
    const cpuTotal = Object.keys(after.cpu).reduce((sum, name) => sum + after.cpu[name] - (before.cpu[name] ?? 0), 0);
    const delta = (a: Record<string | number, number>, b: Record<string | number, number>) =>
      Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]).filter(([, n]) => (n as number) > 0)) as Record<string, number>;
    const handled = delta(before.handled, after.handled);
    const sql = delta(before.sql, after.sql);
    const sqlTotal = Object.values(sql).reduce((a, b) => a + b, 0);
    const byPid = Object.fromEntries(this.processes.map((p) => [String(p.pid), p.name]));
    return {
      cpu_ms_per_email: { total: round(cpuTotal / emails, 2), by_process: cpu },
      cores_busy: round(cpuTotal / Math.max(1, settledAt - before.at), 2),
      deliveries_per_email: round(Object.values(handled).reduce((a, b) => a + b, 0) / emails, 2),
      deliveries_by_routing_key: Object.fromEntries(Object.entries(handled).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, round(n / emails, 2)])),
      published_per_email: round((after.published - before.published) / emails, 2),
      sql_statements_per_email: {
        total: round(sqlTotal / emails, 1),
        by_process: Object.fromEntries(Object.entries(sql).map(([pid, n]) => [byPid[pid] ?? `pid ${pid}`, round(n / emails, 1)])),
      },
      notifications_written: after.files - before.files,
      settled_seconds: round((settledAt - before.at) / 1000),
    };
  }
}

/** Starts `start` with bench/realistic/measure-preload.js (SQL counter, profiler) preloaded into every Orgo process it spawns. */
async function startMeasured(start: Start, config: string, home: string, sqlDir: string, options: RunOptions): Promise<RunningShape> {
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, ORGO_BENCH_SQL_DIR: process.env.ORGO_BENCH_SQL_DIR, ORGO_BENCH_PROFILE_DIR: process.env.ORGO_BENCH_PROFILE_DIR };
  process.env.NODE_OPTIONS = [saved.NODE_OPTIONS, `--require ${PRELOAD}`].filter(Boolean).join(' ');
  process.env.ORGO_BENCH_SQL_DIR = sqlDir;
  if (options.profileDir) process.env.ORGO_BENCH_PROFILE_DIR = options.profileDir;
  else delete process.env.ORGO_BENCH_PROFILE_DIR;
  try {
    return await start(config, home);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export async function runWorkload(shapeName: string, start: Start, workload: Workload, options: RunOptions = {}) {
  const home = tempDir(`orgo-bench-${workload.name}-${shapeName}-`);
  const sqlDir = tempDir('orgo-bench-sql-');
  if (options.profileDir) fs.mkdirSync(options.profileDir, { recursive: true });
  const shape = await startMeasured(start, workload.config, home, sqlDir, options);
  const distributed = shapeName === 'distributed';
  try {
    const processes = orgoProcesses(home);
    const probe = new ShapeProbe(shape, home, processes, sqlDir, distributed);
    const api = new ApiClient(shape.url);
    await api.login();
    const burstMails = workload.mails('burst', workload.burst);
    const steadyMails = workload.mails('steady', workload.rate * workload.seconds);
    await probe.settle(1500, 60_000);

    // Burst: every email at once; the throughput the shape sustains until all are tasks.
    let before = await probe.snapshot();
    for (const m of burstMails) dropMail(home, m.mailbox, m.name, m.raw);
    const burst = summarize(await allTasks(api, burstMails.length, 900_000), 'burst');
    let settledAt = await probe.settle();
    const burstCosts = probe.costs(before, await probe.snapshot(), settledAt, burstMails.length);

    // Fixed rate: `rate` emails per second for `seconds`; the latency a steady stream sees.
    before = await probe.snapshot();
    const started = Date.now();
    for (let i = 0; i < steadyMails.length; i++) {
      const due = started + (i * 1000) / workload.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      dropMail(home, steadyMails[i].mailbox, steadyMails[i].name, steadyMails[i].raw);
    }
    const steady = summarize(await allTasks(api, burstMails.length + steadyMails.length, 900_000), 'steady');
    settledAt = await probe.settle();
    const steadyCosts = probe.costs(before, await probe.snapshot(), settledAt, steadyMails.length);
    return {
      workload: workload.name,
      shape: shapeName,
      ...(workload.describe ? { mails: workload.describe } : {}),
      processes: processes.map((p) => p.name),
      ...(options.profileDir ? { profiled: true } : {}),
      burst: { emails: burstMails.length, ...burst, ...burstCosts },
      steady: { emails: steadyMails.length, rate_per_second: workload.rate, ...steady, ...steadyCosts },
    };
  } finally {
    await shape.stop();
    fs.rmSync(sqlDir, { recursive: true, force: true });
  }
}
