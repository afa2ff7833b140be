/**
 * The timers part of `npm run bench` (issue 6: p99 lateness under 1 s with 100,000 pending timers,
 * at least 1,000 escalations per second), in the distributed shape: the eight services as separate
 * processes over RabbitMQ, PostgreSQL and Redis (tests/support/service-fleet.ts).
 *
 * How the timers are made: 100,000 pending rows are written straight into the escalation-scheduler's
 * own table (`<run>_escalation_scheduler.escalation_timers`) with one multi-row INSERT per 1,000
 * rows — what the scheduler would have booked from that many task events, without creating that
 * many tasks first. The scheduler notices rows written behind its back within its safety interval
 * (5 s), then wakes exactly when each is due. Of them:
 *  - `steady`: 10,000 timers due one every millisecond-ish over 10 s (1,000 per second offered);
 *  - `burst`: 20,000 timers all due at the same instant (the firing capacity);
 *  - the other 70,000 are due tomorrow (the pending load the claims have to skip past).
 * These rows name no real task: the task-service skips their commands (the scheduler's side is
 * measured). Lateness = the scheduler's claim time (`fired_at`, the transaction that also writes the
 * command to its outbox) minus `due_at`, and the publication time (`outbox_messages.sent_at`, the
 * broker's confirm, gathered for up to 50 ms before it is written) minus `due_at`; the outbox
 * envelopes are sealed, so the bench opens them with the fleet's key file to match them to timers.
 *
 * `apply`: the task-service's side — `BENCH_TIMER_TASKS` (default 1,000) real tasks are created
 * through the mail pipeline (7-day reactivity, so nothing is due), then their timers are moved to
 * one common instant in the scheduler's table; the rate is tasks escalated / (last `escalated`
 * timeline entry − that instant), read from the task-service's `task_events`. Each phase starts once
 * every queue is empty (the previous phase's notifications and audit entries are not its cost).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { QUEUE_BINDINGS } from '@orgo/contracts';
import { type KeyRing, ensureKeyFile, isSealed, resolveKeyRing, unseal } from '@orgo/security';
import amqplib from 'amqplib';
import { Client } from 'pg';

import { ApiClient } from '../tests/support/api-client';
import { POSTGRES_URL, RABBITMQ_URL } from '../tests/support/distributed-process';
import { SERVICES, ServiceFleet } from '../tests/support/service-fleet';
import { tempDir } from '../tests/support/standalone-process';
import { closeFleet, dropLeaks, tasksOf } from '../tests/support/timer-fleet';

const CONFIG = path.join(__dirname, 'config');
const PENDING = Number(process.env.BENCH_TIMERS_PENDING ?? 100_000);
const STEADY = Number(process.env.BENCH_TIMERS_STEADY ?? 10_000);
const STEADY_SECONDS = 10;
const BURST = Number(process.env.BENCH_TIMERS_BURST ?? 20_000);
const APPLY_TASKS = Number(process.env.BENCH_TIMER_TASKS ?? 1_000);
/** The scheduler's default safety interval: rows written behind its back are seen within it. */
const SAFETY_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timers bench: ${what} not reached within ${timeoutMs} ms`);
    await sleep(500);
  }
}

/**
 * Waits until every service's queue is empty twice in a row: the backlog of an earlier phase (the
 * notifier mailing, the audit trail) must not be measured as the next phase's cost.
 */
async function quiet(run: string, timeoutMs: number): Promise<void> {
  const connection = await amqplib.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  try {
    let calm = 0;
    await waitFor(
      async () => {
        let waiting = 0;
        for (const queue of Object.keys(QUEUE_BINDINGS)) waiting += (await channel.checkQueue(`${run}.${queue}`)).messageCount;
        calm = waiting === 0 ? calm + 1 : 0;
        return calm >= 2;
      },
      timeoutMs,
      'every queue drained',
    );
  } finally {
    await connection.close();
  }
}

/** Inserts timer rows (task id, due time) into the scheduler's table, 1,000 per statement. */
async function seed(pg: Client, schema: string, rows: { taskId: string; dueAt: string }[]): Promise<void> {
  const now = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const values = chunk.map((_, j) => `($${j * 2 + 1}, 'bench', 'maintenance', 0, $${j * 2 + 2}, 'pending', 1, NULL, '${now}')`).join(',');
    await pg.query(
      `INSERT INTO "${schema}".escalation_timers (task_id, organization, task_type, level, due_at, status, task_version, fired_at, updated_at) VALUES ${values}`,
      chunk.flatMap((r) => [r.taskId, r.dueAt]),
    );
  }
}

/**
 * When each command.task.escalate of the scheduler's outbox was confirmed, by task id. Outbox
 * envelopes are sealed at rest (SPEC §6), so they are opened here with the fleet's key ring.
 */
async function publishedAt(pg: Client, schema: string, ring: KeyRing): Promise<Map<string, string>> {
  const { rows } = await pg.query<{ envelope: string; sent_at: string | null }>(
    `SELECT envelope, sent_at FROM "${schema}".outbox_messages WHERE routing_key = 'command.task.escalate' AND sent_at IS NOT NULL`,
  );
  const sent = new Map<string, string>();
  for (const row of rows) {
    const envelope = JSON.parse(isSealed(row.envelope) ? unseal(ring, row.envelope) : row.envelope) as { payload?: { taskId?: string } };
    const taskId = envelope.payload?.taskId;
    if (taskId && row.sent_at) sent.set(taskId, row.sent_at);
  }
  return sent;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Lateness of a group of timers (by task id prefix): claim and publication, in seconds, and the firing rates. */
async function lateness(pg: Client, schema: string, prefix: string, sent: Map<string, string>) {
  const { rows } = await pg.query<{ task_id: string; due_at: string; fired_at: string | null }>(
    `SELECT task_id, due_at, fired_at FROM "${schema}".escalation_timers WHERE task_id LIKE $1`,
    [`${prefix}%`],
  );
  const due = rows.map((r) => Date.parse(r.due_at));
  const claims = rows.filter((r) => r.fired_at).map((r) => (Date.parse(r.fired_at as string) - Date.parse(r.due_at)) / 1000).sort((x, y) => x - y);
  const publishes = rows.filter((r) => sent.has(r.task_id)).map((r) => (Date.parse(sent.get(r.task_id) as string) - Date.parse(r.due_at)) / 1000).sort((x, y) => x - y);
  const firstDue = Math.min(...due);
  const lastFired = Math.max(...rows.filter((r) => r.fired_at).map((r) => Date.parse(r.fired_at as string)));
  const lastSent = Math.max(...rows.filter((r) => sent.has(r.task_id)).map((r) => Date.parse(sent.get(r.task_id) as string)));
  return {
    timers: rows.length,
    fired: claims.length,
    published: publishes.length,
    claim_lateness_s: { p50: round(percentile(claims, 0.5)), p99: round(percentile(claims, 0.99)), max: round(claims[claims.length - 1] ?? NaN) },
    publish_lateness_s: { p50: round(percentile(publishes, 0.5)), p99: round(percentile(publishes, 0.99)) },
    claim_span_s: round((lastFired - firstDue) / 1000),
    publish_span_s: round((lastSent - firstDue) / 1000),
  };
}

const idWith = (prefix: string, i: number) => `${prefix}${String(i).padStart(36 - prefix.length, '0')}`;

/** With `profileDir`, each service writes a CPU profile of its whole run there (bench/realistic/measure-preload.js). */
export async function benchTimers(options: { profileDir?: string } = {}) {
  const fleet = new ServiceFleet(CONFIG, tempDir('orgo-bench-timers-'));
  const pg = new Client({ connectionString: POSTGRES_URL });
  const profiling: Record<string, string> = options.profileDir
    ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${path.join(__dirname, 'realistic', 'measure-preload.js')}`].filter(Boolean).join(' '), ORGO_BENCH_PROFILE_DIR: options.profileDir }
    : {};
  if (options.profileDir) fs.mkdirSync(options.profileDir, { recursive: true });
  try {
    process.stderr.write('bench: timers — starting the distributed shape…\n');
    for (const service of SERVICES) await fleet.start(service, { env: profiling });
    await pg.connect();
    const scheduler = `${fleet.run}_escalation_scheduler`;
    const taskService = `${fleet.run}_task_service`;

    // The task-service's side first (its tasks' timers must not queue behind the synthetic waves).
    process.stderr.write(`bench: timers — creating ${APPLY_TASKS} tasks through the pipeline…\n`);
    const api = new ApiClient(fleet.apiUrl);
    await api.login();
    dropLeaks(fleet, 'apply', APPLY_TASKS);
    const tasks = await tasksOf(api, 'apply', APPLY_TASKS);
    const ids = tasks.map((t) => t.id);
    await quiet(fleet.run, 300_000);
    await waitFor(
      async () => (await pg.query(`SELECT count(*)::int AS n FROM "${scheduler}".escalation_timers WHERE status = 'pending' AND task_id = ANY($1)`, [ids])).rows[0].n === ids.length,
      120_000,
      'every task timer booked',
    );
    const applyAt = new Date(Date.now() + SAFETY_MS + 3_000);
    await pg.query(`UPDATE "${scheduler}".escalation_timers SET due_at = $1 WHERE task_id = ANY($2)`, [applyAt.toISOString(), ids]);
    await waitFor(
      async () => (await pg.query(`SELECT count(DISTINCT task_id)::int AS n FROM "${taskService}".task_events WHERE type = 'escalated' AND task_id = ANY($1)`, [ids])).rows[0].n === ids.length,
      300_000,
      'every task escalated',
    );
    const applied = (
      await pg.query(
        `SELECT count(*)::int AS n, extract(epoch FROM max(at::timestamptz) - $2::timestamptz) AS span,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at::timestamptz - $2::timestamptz)) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM at::timestamptz - $2::timestamptz)) AS p99
         FROM "${taskService}".task_events WHERE type = 'escalated' AND task_id = ANY($1)`,
        [ids, applyAt.toISOString()],
      )
    ).rows[0];
    const apply = {
      tasks: ids.length,
      escalated_events: applied.n,
      seconds: round(applied.span),
      escalations_applied_per_second: round(applied.n / applied.span, 1),
      due_to_escalated_s: { p50: round(applied.p50), p99: round(applied.p99) },
    };

    // The scheduler's side: 100,000 pending timers, a steady wave and a burst among them.
    await quiet(fleet.run, 300_000);
    process.stderr.write(`bench: timers — seeding ${PENDING} pending timers…\n`);
    const start = Date.now() + SAFETY_MS + 10_000;
    const steadyAt = (i: number) => new Date(start + Math.floor((i * STEADY_SECONDS * 1000) / STEADY)).toISOString();
    const burstAt = new Date(start + STEADY_SECONDS * 1000 + 5_000).toISOString();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const rows = [
      ...Array.from({ length: STEADY }, (_, i) => ({ taskId: idWith('steady-', i), dueAt: steadyAt(i) })),
      ...Array.from({ length: BURST }, (_, i) => ({ taskId: idWith('burst-', i), dueAt: burstAt })),
      ...Array.from({ length: Math.max(0, PENDING - STEADY - BURST) }, () => ({ taskId: randomUUID(), dueAt: tomorrow })),
    ];
    const seeding = Date.now();
    await seed(pg, scheduler, rows);
    const seedSeconds = (Date.now() - seeding) / 1000;
    if (Date.now() > start - SAFETY_MS) throw new Error('timers bench: seeding took longer than the lead time before the first timer; lower BENCH_TIMERS_PENDING');
    // Every burst timer claimed, and nothing of the scheduler's left unsent in its outbox.
    await waitFor(
      async () =>
        (await pg.query(`SELECT count(*)::int AS n FROM "${scheduler}".escalation_timers WHERE task_id LIKE 'burst-%' AND fired_at IS NOT NULL`)).rows[0].n >= BURST &&
        (await pg.query(`SELECT count(*)::int AS n FROM "${scheduler}".outbox_messages WHERE sent_at IS NULL`)).rows[0].n === 0,
      300_000,
      'every burst timer published',
    );
    await sleep(1000);
    const sent = await publishedAt(pg, scheduler, resolveKeyRing({ env: { ORGO_KEY_FILE: ensureKeyFile(fleet.home) }, security: {}, home: fleet.home, shape: 'distributed' }));
    const steady = await lateness(pg, scheduler, 'steady-', sent);
    const burst = await lateness(pg, scheduler, 'burst-', sent);
    const pending = (await pg.query(`SELECT count(*)::int AS n FROM "${scheduler}".escalation_timers WHERE status = 'pending'`)).rows[0].n;
    return {
      shape: 'distributed',
      note:
        'Timers seeded straight into the scheduler table (see bench/timers-bench.ts). claim = fired_at − due_at (the transaction writing the command to the outbox); publish = broker confirm − due_at. apply: real tasks, their timers moved to one instant; rate = escalations / (last escalated entry − that instant).',
      pending_timers: PENDING,
      pending_after: pending,
      seed_seconds: round(seedSeconds, 1),
      steady: { offered_per_second: STEADY / STEADY_SECONDS, ...steady },
      burst: {
        ...burst,
        escalations_fired_per_second: round(burst.fired / burst.claim_span_s, 1),
        escalations_published_per_second: round(burst.published / burst.publish_span_s, 1),
      },
      apply,
    };
  } finally {
    await pg.end().catch(() => undefined);
    await closeFleet(fleet);
  }
}
