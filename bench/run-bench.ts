/**
 * `npm run bench`: drives mail into the standalone and the distributed shapes and reports, as JSON
 * under bench/results/: sustained throughput (emails → tasks committed per second) and latency from
 * the gateway's acceptance to the task's commit (p50, p99), both with a burst and at a fixed rate;
 * and, under `rules`, rule evaluation throughput and the shared cache's effect (bench/rules-bench.ts).
 * `BENCH_RULES=only` runs the rules part alone, `BENCH_RULES=off` leaves it out.
 * Under `timers`, durable timers in the distributed shape (bench/timers-bench.ts): lateness p50/p99
 * with 100,000 pending timers, escalations fired per second by the scheduler and applied per second
 * by the task-service. `BENCH_TIMERS=only` runs that part alone, `BENCH_TIMERS=off` leaves it out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { TaskSnapshotV1 } from '@orgo/contracts';

import { ApiClient } from '../tests/support/api-client';
import { startDistributed } from '../tests/support/distributed-process';
import type { RunningShape } from '../tests/support/pipeline-suite';
import { startStandalone, tempDir } from '../tests/support/standalone-process';

import { benchRules } from './rules-bench';
import { benchTimers } from './timers-bench';

const CONFIG = path.join(__dirname, 'config');
const BURST = Number(process.env.BENCH_BURST ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 5);
const TIMERS = process.env.BENCH_TIMERS ?? 'on';
const RULES = TIMERS === 'only' ? 'off' : (process.env.BENCH_RULES ?? 'on');

const body = 'Hello,\n\nThere is water on the floor of room 12 again, the pipe above the sink leaks.\n'.repeat(12);

function writeMail(home: string, i: number, run: string): void {
  const dir = path.join(home, 'inbox', 'repairs@bench.example');
  const raw = `From: reporter${i % 50}@members.example\r\nTo: repairs@bench.example\r\nSubject: Water leak report ${i}\r\nMessage-ID: <${run}-${i}@bench.example>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`;
  fs.writeFileSync(path.join(dir, `.${i}.tmp`), raw);
  fs.renameSync(path.join(dir, `.${i}.tmp`), path.join(dir, `${run}-${i}.eml`));
}

async function allTasks(api: ApiClient, expected: number, timeoutMs: number): Promise<TaskSnapshotV1[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const total = (await api.get('/api/v1/tasks?limit=1')).body.total as number;
    if (total >= expected || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const items: TaskSnapshotV1[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await api.get(`/api/v1/tasks?limit=200&offset=${offset}&sort=created_at`)).body;
    items.push(...page.items);
    if (page.items.length < 200) break;
  }
  return items;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(tasks: TaskSnapshotV1[], run: string) {
  const mine = tasks.filter((t) => String(t.source.message_id).startsWith(run));
  const latencies = mine.map((t) => Date.parse(t.created_at) - Date.parse(t.source.received_at ?? t.created_at)).sort((a, b) => a - b);
  const first = Math.min(...mine.map((t) => Date.parse(t.source.received_at ?? t.created_at)));
  const last = Math.max(...mine.map((t) => Date.parse(t.created_at)));
  return {
    tasks: mine.length,
    seconds: (last - first) / 1000,
    emails_per_second: Math.round((mine.length / ((last - first) / 1000)) * 10) / 10,
    latency_ms: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
  };
}

async function benchShape(name: string, start: (config: string, home: string) => Promise<RunningShape>) {
  const home = tempDir(`orgo-bench-${name}-`);
  const shape = await start(CONFIG, home);
  try {
    const api = new ApiClient(shape.url);
    await api.login();
    fs.mkdirSync(path.join(home, 'inbox', 'repairs@bench.example'), { recursive: true });
    // Burst: every email at once; the throughput the shape sustains until all are tasks.
    for (let i = 0; i < BURST; i++) writeMail(home, i, 'burst');
    const burst = summarize(await allTasks(api, BURST, 600_000), 'burst');
    // Fixed rate: RATE emails per second for RATE_SECONDS; the latency a steady stream sees.
    const count = RATE * RATE_SECONDS;
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      writeMail(home, i, 'steady');
    }
    const steady = summarize(await allTasks(api, BURST + count, 600_000), 'steady');
    return { shape: name, burst: { emails: BURST, ...burst }, steady: { emails: count, rate_per_second: RATE, ...steady } };
  } finally {
    await shape.stop();
  }
}

async function main(): Promise<void> {
  const shapes = RULES === 'only' || TIMERS === 'only' ? [] : (process.env.BENCH_SHAPES ?? 'standalone,distributed').split(',').filter(Boolean);
  const results: unknown[] = [];
  for (const name of shapes) {
    const start =
      name === 'distributed'
        ? startDistributed
        : async (config: string, home: string): Promise<RunningShape> => {
            const orgo = await startStandalone(config, home);
            return { url: orgo.url, output: orgo.output, stop: async () => void (orgo.child.kill('SIGTERM'), await orgo.exited) };
          };
    process.stderr.write(`bench: ${name}…\n`);
    results.push(await benchShape(name, start));
  }
  const rules = RULES === 'off' ? undefined : await benchRules();
  const timers = TIMERS === 'off' || RULES === 'only' ? undefined : await benchTimers();
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    note: 'emails_per_second = tasks committed / (last task commit − first acceptance); latency = task commit − gateway acceptance',
    results,
    ...(rules ? { rules } : {}),
    ...(timers ? { timers } : {}),
  };
  const file = path.join(__dirname, 'results', `bench-${report.at.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nwritten to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
