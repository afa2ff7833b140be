/**
 * `npm run bench`: drives mail into the standalone and the distributed shapes and reports, as JSON
 * under bench/results/, per workload and shape: throughput (emails → tasks committed per second) and
 * latency from the gateway's acceptance to the task's commit (p50, p95, p99), with a burst and at a
 * fixed offered rate, and what each email costs: CPU-ms per process (/proc), messages handled and
 * published, SQL statements, notification mails written (bench/realistic/workload-run.ts).
 * Two workloads: `realistic` (issue 12: 2–6 KB mails of three MIME shapes from ~300 senders, nine
 * people, two rules, ~3 notifications per mail; bench/realistic/mail-generator.ts) and `light` (the
 * first bench: short plain mails, one rule), kept for comparison.
 * Flags (after `npm run bench --`): `--realistic-only`, `--light-only`, `--count N` (burst size,
 * default 2000), `--rate N` (default 200/s), `--seconds N` (realistic steady phase, default 10),
 * `--shapes standalone,distributed`, `--profile` (each measured Orgo process writes a CPU profile to
 * bench/results/profiles/, summarised in the report by bench/profile-summary.ts).
 * Under `rules`, rule evaluation throughput and the shared cache's effect (bench/rules-bench.ts).
 * `BENCH_RULES=only` runs the rules part alone, `BENCH_RULES=off` leaves it out.
 * Under `timers`, durable timers in the distributed shape (bench/timers-bench.ts): lateness p50/p99
 * with 100,000 pending timers, escalations fired per second by the scheduler and applied per second
 * by the task-service. `BENCH_TIMERS=only` runs that part alone, `BENCH_TIMERS=off` leaves it out.
 * Under `import`, `orgo import` of 10,000 realistic mails from one mbox (bench/import-bench.ts):
 * `BENCH_IMPORT=only` runs that part alone, `BENCH_IMPORT=off` leaves it out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startDistributed } from '../tests/support/distributed-process';
import type { RunningShape } from '../tests/support/pipeline-suite';
import { startStandalone } from '../tests/support/standalone-process';

import { profileFiles, summarizeProfiles } from './profile-summary';
import { describeMails, generateMails } from './realistic/mail-generator';
import { type Workload, runWorkload } from './realistic/workload-run';
import { benchImport } from './import-bench';
import { benchRules } from './rules-bench';
import { benchTimers } from './timers-bench';

const CONFIG = path.join(__dirname, 'config');
const REALISTIC_CONFIG = path.join(__dirname, 'config', 'realistic');
const PROFILES = path.join(__dirname, 'results', 'profiles');
/** `BENCH_<PART>=only` runs that part alone; `=off` leaves it out of a full run. */
const ONLY = (['RULES', 'TIMERS', 'IMPORT'] as const).find((part) => process.env[`BENCH_${part}`] === 'only');
const runs = (part: 'RULES' | 'TIMERS' | 'IMPORT') => (ONLY ? ONLY === part : process.env[`BENCH_${part}`] !== 'off');

/** `npm run bench -- --profile --realistic-only --count 1000 --shapes standalone`. */
function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const PROFILE = flag('profile');
const WORKLOADS = flag('realistic-only') ? ['realistic'] : flag('light-only') ? ['light'] : ['realistic', 'light'];
const COUNT = Number(option('count') ?? process.env.BENCH_BURST ?? 2000);
const RATE = Number(option('rate') ?? process.env.BENCH_RATE ?? 200);

const body = 'Hello,\n\nThere is water on the floor of room 12 again, the pipe above the sink leaks.\n'.repeat(12);

/** The first bench's workload: short plain mails, one rule, one organization of one holder per position. */
const light: Workload = {
  name: 'light',
  config: CONFIG,
  burst: COUNT,
  rate: RATE,
  seconds: Number(process.env.BENCH_RATE_SECONDS ?? 5),
  mails: (run, count) =>
    Array.from({ length: count }, (_, i) => ({
      mailbox: 'repairs@bench.example',
      name: `${run}-${i}.eml`,
      raw: `From: reporter${i % 50}@members.example\r\nTo: repairs@bench.example\r\nSubject: Water leak report ${i}\r\nMessage-ID: <${run}-${i}@bench.example>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`,
    })),
};

/** Issue 12's workload (bench/realistic/mail-generator.ts, bench/config/realistic). */
const realistic: Workload = {
  name: 'realistic',
  config: REALISTIC_CONFIG,
  burst: COUNT,
  rate: RATE,
  seconds: Number(option('seconds') ?? process.env.BENCH_REALISTIC_SECONDS ?? 10),
  mails: (run, count) => generateMails(count, run, run === 'burst' ? 12 : 13),
  describe: { seed: 12, burst: describeMails(generateMails(COUNT, 'burst', 12)) },
};

async function main(): Promise<void> {
  const shapes = ONLY ? [] : (option('shapes') ?? process.env.BENCH_SHAPES ?? 'standalone,distributed').split(',').filter(Boolean);
  const results: unknown[] = [];
  const profiles: Record<string, unknown> = {};
  for (const name of shapes) {
    const start =
      name === 'distributed'
        ? startDistributed
        : async (config: string, home: string): Promise<RunningShape> => {
            const orgo = await startStandalone(config, home);
            return { url: orgo.url, output: orgo.output, stop: async () => void (orgo.child.kill('SIGTERM'), await orgo.exited) };
          };
    for (const workload of [realistic, light].filter((w) => WORKLOADS.includes(w.name))) {
      process.stderr.write(`bench: ${workload.name} workload, ${name}…\n`);
      // The realistic workload is the one profiled: its profile is what later work is measured against.
      const profileDir = PROFILE && workload.name === 'realistic' ? path.join(PROFILES, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`) : undefined;
      results.push(await runWorkload(name, start, workload, { profileDir }));
      if (profileDir) profiles[`${workload.name}/${name}`] = { folder: path.relative(process.cwd(), profileDir), ...summarizeProfiles(profileFiles([profileDir])) };
    }
  }
  const rules = runs('RULES') ? await benchRules() : undefined;
  const timersProfile = PROFILE ? path.join(PROFILES, `timers-${new Date().toISOString().replace(/[:.]/g, '-')}`) : undefined;
  const timers = runs('TIMERS') ? await benchTimers({ profileDir: timersProfile }) : undefined;
  if (timers && timersProfile) profiles.timers = { folder: path.relative(process.cwd(), timersProfile), ...summarizeProfiles(profileFiles([timersProfile])) };
  const archive = runs('IMPORT') ? await benchImport() : undefined;
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    note:
      'emails_per_second = tasks committed / (last task commit − first acceptance); latency = task commit − gateway acceptance; ' +
      'per-email costs are deltas over a phase, from its first drop until the notifications settled: cpu from /proc/<pid>/stat (utime + stime, ' +
      'every thread), deliveries = orgo_messages_handled_total, published = outbox rows, sql = statements counted in each process (bench/realistic/measure-preload.js); ' +
      'the machine is shared (2 cores, other sessions run tests): figures vary from run to run',
    results,
    ...(Object.keys(profiles).length ? { profiles } : {}),
    ...(rules ? { rules } : {}),
    ...(timers ? { timers } : {}),
    ...(archive ? { import: archive } : {}),
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
