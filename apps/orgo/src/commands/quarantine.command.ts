import type { QuarantineListResultV1, QuarantineReplayResultV1 } from '@orgo/contracts';
import type { Command } from 'commander';

import { apiSession } from './api-session';
import { failWith } from './fail';

interface ListOptions {
  url: string;
  org?: string;
  reason?: string;
  status?: string;
  limit: string;
  offset: string;
  json?: boolean;
}

/** `orgo quarantine list` and `orgo quarantine replay <id>`: quarantined mail of the running Orgo, through its API. */
export function registerQuarantine(program: Command, env: Record<string, string | undefined>): void {
  const quarantine = program.command('quarantine').description('mail the parser kept aside with a reason (unreadable, too large, blocked, rate-limited…)');
  const url = env.ORGO_URL ?? 'http://127.0.0.1:3000';
  quarantine
    .command('list')
    .option('--url <url>', 'the Orgo API', url)
    .option('--org <slug>', 'one organization')
    .option('--reason <code>', 'one reason, e.g. EMAIL.TOO_LARGE')
    .option('--status <status>', 'quarantined (default), replayed or all')
    .option('--limit <n>', 'at most this many', '50')
    .option('--offset <n>', 'skip this many', '0')
    .option('--json', 'print JSON')
    .action(async (opts: ListOptions) => {
      const query = new URLSearchParams({ limit: opts.limit, offset: opts.offset });
      if (opts.org) query.set('organization', opts.org);
      if (opts.reason) query.set('reason', opts.reason);
      if (opts.status) query.set('status', opts.status);
      const call = await apiSession(opts.url, env);
      const res = await call<QuarantineListResultV1 & { message?: string }>('GET', `/api/v1/quarantine?${query}`);
      if (res.status !== 200) failWith(`Listing the quarantine failed (${res.status}): ${res.body.message ?? ''}`, 1);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(res.body)}\n`);
      if (res.body.total === 0) return void process.stdout.write('Nothing in quarantine.\n');
      for (const q of res.body.items) {
        const who = [q.sender ?? 'unknown sender', q.subject ? `"${q.subject}"` : null].filter(Boolean).join('  ');
        process.stdout.write(`${q.id}  ${q.quarantined_at}  ${q.reason}  ${q.organization ?? '-'}  ${q.mailbox}${q.replayed_at ? `  replayed ${q.replayed_at}` : ''}\n    ${who}\n    ${q.message}\n`);
      }
      const shown = res.body.offset + res.body.items.length;
      process.stdout.write(`${shown < res.body.total ? `${res.body.offset + 1}–${shown} of ` : ''}${res.body.total} in quarantine.\n`);
    });
  quarantine
    .command('replay <id>')
    .description('parse a quarantined email again with the current configuration; passed on to the rules once')
    .option('--url <url>', 'the Orgo API', url)
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { url: string; json?: boolean }) => {
      const call = await apiSession(opts.url, env);
      const res = await call<QuarantineReplayResultV1 & { message?: string }>('POST', `/api/v1/quarantine/${encodeURIComponent(id)}/replay`);
      if (res.status !== 200) failWith(`Replay of ${id} failed (${res.status}): ${res.body.message ?? ''}`, 1);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(res.body)}\n`);
      if (res.body.outcome === 'parsed') process.stdout.write(`Replayed ${id}: ${res.body.message}\n`);
      else failWith(`Replayed ${id}, still quarantined: ${res.body.reason} — ${res.body.message}`, 3);
    });
}
