import type { DeadLetterV1 } from '@orgo/contracts';
import type { Command } from 'commander';

import { apiSession } from './api-session';
import { failWith } from './fail';

/** `orgo dlq list` and `orgo dlq replay <id>`: dead letters of the running Orgo, through its API. */
export function registerDlq(program: Command, env: Record<string, string | undefined>): void {
  const dlq = program.command('dlq').description('dead letters: messages a service could not handle after its retries');
  const url = env.ORGO_URL ?? 'http://127.0.0.1:3000';
  dlq
    .command('list')
    .option('--url <url>', 'the Orgo API', url)
    .option('--json', 'print JSON')
    .action(async (opts: { url: string; json?: boolean }) => {
      const call = await apiSession(opts.url, env);
      const res = await call<{ items: DeadLetterV1[]; total: number; unavailable: string[]; message?: string }>('GET', '/api/v1/dlq');
      if (res.status !== 200) failWith(`Listing dead letters failed (${res.status}): ${res.body.message ?? ''}`, 1);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(res.body)}\n`);
      if (res.body.total === 0) process.stdout.write('No dead letters.\n');
      for (const d of res.body.items) {
        process.stdout.write(`${d.id}  ${d.created_at}  ${d.routing_key}  attempts ${d.attempts}${d.replayed_at ? `  replayed ${d.replayed_at}` : ''}\n    ${d.error}\n`);
      }
      if (res.body.unavailable.length) process.stdout.write(`Not answering: ${res.body.unavailable.join(', ')}\n`);
    });
  dlq
    .command('replay <id>')
    .option('--url <url>', 'the Orgo API', url)
    .action(async (id: string, opts: { url: string }) => {
      const call = await apiSession(opts.url, env);
      const res = await call<{ message?: string }>('POST', `/api/v1/dlq/${encodeURIComponent(id)}/replay`);
      if (res.status !== 202) failWith(`Replay failed (${res.status}): ${res.body.message ?? ''}`, 1);
      process.stdout.write(`Replayed ${id}: the service handles it again (once, even if replayed twice).\n`);
    });
}
