import path from 'node:path';

import { detectArchiveKind } from '@orgo/mail-archive';
import type { Command } from 'commander';

import { type ImportRequest, runImport } from '../archive-import/archive-import.runner';
import { importThroughRunningOrgo } from '../archive-import/import-client';
import { ImportProgressView, describeSummary } from '../archive-import/import-progress';
import type { ImportSummary } from '../archive-import/import-summary';
import { HomeLockFile } from '../archive-import/home-lock';
import { checkConfiguration } from '../standalone/check-configuration';
import { startStandalone } from '../standalone/standalone-launcher';
import { failWith } from './fail';

interface ImportOptions {
  org?: string;
  mailbox?: string;
  config: string;
  home: string;
  json?: boolean;
}

/**
 * `orgo import <path>` (SPEC §7): an .eml file or folder, an mbox, a maildir or an Outlook .pst into
 * the standalone home. When `orgo start` runs on the home, the import is handed to it (its services
 * have the home's databases open); otherwise this process boots the services on the home without
 * the dashboard, imports, waits for every message's outcome and stops. See ADR 0005.
 */
export function registerImport(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('import <path>')
    .description('import a mail archive (.eml file or folder, .mbox, maildir, .pst) into the standalone home')
    .option('--org <slug>', 'the organization the messages belong to (needed when several are configured)')
    .option('--mailbox <address>', 'the role address every message goes to (default: its To/Delivered-To role address, else triage)')
    .option('--config <dir>', 'configuration folder', 'config')
    .option('--home <dir>', 'where Orgo keeps its data', '.orgo')
    .option('--json', 'print the summary as JSON')
    .action(async (target: string, opts: ImportOptions) => {
      const home = path.resolve(opts.home);
      const request: ImportRequest = { archive: path.resolve(target), organization: opts.org ?? null, mailbox: opts.mailbox ?? null };
      try {
        detectArchiveKind(request.archive);
      } catch (error) {
        failWith((error as Error).message, 2);
      }
      let config;
      try {
        config = checkConfiguration(path.resolve(opts.config), env);
      } catch (error) {
        failWith(`Nothing was imported.\n${(error as Error).message}\nFix the file(s) named above, then run the command again.`, 1);
      }
      const view = new ImportProgressView();
      const abort = new AbortController();
      process.once('SIGINT', () => {
        process.stderr.write('\nStopping after the current message (Ctrl-C again to stop at once)…\n');
        abort.abort();
        process.once('SIGINT', () => process.exit(130));
      });
      process.once('SIGTERM', () => abort.abort());
      const lock = new HomeLockFile(home);
      const holder = lock.acquire('import');
      let summary: ImportSummary;
      try {
        if (holder?.holder === 'start' && holder.socket) {
          summary = await importThroughRunningOrgo(holder.socket, request, { onProgress: (p) => view.update(p), signal: abort.signal });
        } else if (holder) {
          failWith(`Another orgo import (process ${holder.pid}) is using ${home}; wait for it to finish, then run this again.`, 1);
        } else {
          summary = await importHeadless(request, { config, home, env, view, signal: abort.signal }).finally(() => lock.release());
        }
      } catch (error) {
        view.stop();
        const code = (error as { code?: string }).code;
        if (code === 'IMPORT.INTERRUPTED' && abort.signal.aborted) failWith('Import interrupted; run the same command again to continue where it stopped.', 130);
        failWith(`Import failed${code ? ` (${code})` : ''}: ${(error as Error).message}`, 1);
      }
      view.stop();
      process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${describeSummary(summary)}\n`);
      process.exit(summary.interrupted ? 130 : 0);
    });
}

/** No `orgo start` on the home: boot its services here (no dashboard), import, stop them. */
async function importHeadless(
  request: ImportRequest,
  o: { config: ReturnType<typeof checkConfiguration>; home: string; env: Record<string, string | undefined>; view: ImportProgressView; signal: AbortSignal },
): Promise<ImportSummary> {
  const running = await startStandalone({ config: o.config, home: o.home, port: 0, host: '127.0.0.1', env: o.env });
  try {
    return await runImport(
      { bus: running.bus, config: o.config, home: o.home, whenIdle: () => running.bus.whenIdle() },
      request,
      { signal: o.signal, onProgress: (p) => o.view.update(p) },
    );
  } finally {
    await running.stop();
  }
}
