import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './api-client';
import { eventually } from './eventually';
import { patiently } from './patiently';
import { ServiceFleet } from './service-fleet';
import { ROOT, dropMail, tempDir } from './standalone-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The bench organization with a reactivity of `reactivitySeconds` on its leak rule: every task walks
 * up its chain one step per period, then ends at the top (`escalation_ended`).
 */
export function timerConfig(reactivitySeconds: number): string {
  const dir = tempDir('orgo-timers-config-');
  fs.cpSync(path.join(ROOT, 'bench', 'config'), dir, { recursive: true });
  const rules = path.join(dir, 'organizations', 'bench', 'rules', 'bench.yaml');
  fs.writeFileSync(rules, fs.readFileSync(rules, 'utf8').replace('escalate_after: 7 days', `escalate_after: ${reactivitySeconds} seconds`));
  return dir;
}

/** Writes the fleet's output beside its home (for whoever has to find out why a test failed), stops it and removes its namespace. */
export async function closeFleet(fleet: ServiceFleet): Promise<void> {
  fs.writeFileSync(path.join(fleet.home, 'fleet.log'), fleet.output());
  await fleet.stopAll();
  await fleet.removeNamespace();
}

/** Drops `count` leak reports of batch `batch` into the fleet's drop folder. */
export function dropLeaks(fleet: ServiceFleet, batch: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const raw = `From: r${i % 40}@members.example\r\nTo: repairs@bench.example\r\nSubject: Water leak ${batch}-${i}\r\nMessage-ID: <${batch}-${i}@timers.example>\r\n\r\nThe pipe leaks water again.\r\n`;
    dropMail(fleet.home, 'repairs@bench.example', `${batch}-${i}.eml`, raw);
  }
}

export interface TaskOfBatch {
  id: string;
  key: string;
  chain: string[];
}

/** The tasks of a batch, once all `count` exist. */
export async function tasksOf(api: ApiClient, batch: string, count: number): Promise<TaskOfBatch[]> {
  return eventually(
    async () => {
      const found: TaskOfBatch[] = [];
      for (let offset = 0; ; offset += 200) {
        const page = (await patiently(() => api.get(`/api/v1/tasks?limit=200&offset=${offset}&sort=created_at`))).body;
        for (const t of page.items) if (String(t.source.message_id).includes(`${batch}-`)) found.push({ id: t.id, key: t.key, chain: t.escalation.chain });
        if (page.items.length < 200) break;
      }
      return found;
    },
    (found) => found.length >= count,
    { what: `${count} tasks of batch ${batch}`, timeoutMs: 5 * 60_000, intervalMs: 2000 },
  );
}

/**
 * Waits until every task of the batch reached the top of its chain, then checks that each step
 * happened exactly once: one `escalated` entry per level 1 … top, one `escalation_ended`, and at
 * most one `breach_warning` per level. Returns the problems found (none expected).
 */
export async function escalationProblems(api: ApiClient, tasks: TaskOfBatch[], timeoutMs: number): Promise<string[]> {
  const timelines = new Map<string, { type: string; data: Record<string, unknown> }[]>();
  const end = Date.now() + timeoutMs;
  for (const task of tasks) {
    for (;;) {
      const events = (await patiently(() => api.get(`/api/v1/tasks/${task.id}/events`))).body.items as { type: string; data: Record<string, unknown> }[];
      timelines.set(task.id, events);
      if (events.some((e) => e.type === 'escalation_ended') || Date.now() > end) break;
      await sleep(1000);
    }
  }
  // Anything late (a duplicate on its way) has had time to land.
  await sleep(3000);
  const problems: string[] = [];
  for (const task of tasks) {
    const events = (await patiently(() => api.get(`/api/v1/tasks/${task.id}/events`))).body.items as { type: string; data: Record<string, unknown> }[];
    const levels = events.filter((e) => e.type === 'escalated').map((e) => Number(e.data.level));
    const expected = Array.from({ length: task.chain.length - 1 }, (_, i) => i + 1);
    if (JSON.stringify(levels) !== JSON.stringify(expected)) problems.push(`${task.key}: escalated at levels ${JSON.stringify(levels)}, expected ${JSON.stringify(expected)}`);
    const ended = events.filter((e) => e.type === 'escalation_ended').length;
    if (ended !== 1) problems.push(`${task.key}: escalation_ended ${ended} times`);
    const warned = events.filter((e) => e.type === 'breach_warning').map((e) => Number(e.data.level));
    if (new Set(warned).size !== warned.length) problems.push(`${task.key}: breach warnings at levels ${JSON.stringify(warned)}`);
  }
  return problems;
}

/** The dead letters of every service (none expected). */
export async function deadLetters(api: ApiClient): Promise<number> {
  const dlq = await eventually(async () => (await patiently(() => api.get('/api/v1/dlq'))).body, (b) => b.unavailable?.length === 0, {
    what: 'every service answering for its dead letters',
    timeoutMs: 2 * 60_000,
    intervalMs: 2000,
  });
  return dlq.total;
}

