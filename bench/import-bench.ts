/**
 * `orgo import` of a large archive (issue 12: 10,000 mails from an mbox in under a minute): the
 * realistic workload's mails (bench/realistic/mail-generator.ts, seed 21) written as one mbox, then
 * imported with the realistic configuration into a fresh standalone home, as a user would run it.
 * Reported: the command's wall time (start to exit, migrations and start-up included), its CPU time
 * (/proc/<pid>/stat, every thread, read every 100 ms until it exits), and its JSON summary.
 * `BENCH_IMPORT_MAILS` (10,000) changes the size; `BENCH_IMPORT=only` runs this part alone,
 * `BENCH_IMPORT=off` leaves it out.
 */
import fs from 'node:fs';
import path from 'node:path';

import { runOrgo, tempDir } from '../tests/support/standalone-process';
import { generateMails } from './realistic/mail-generator';
import { cpuMs } from './realistic/process-probe';

const CONFIG = path.join(__dirname, 'config', 'realistic');
const MAILS = Number(process.env.BENCH_IMPORT_MAILS ?? 10_000);

/** One mbox (mboxrd: a body line starting with `From `, after any `>`, gains one more `>`). */
export function writeMbox(file: string, count: number): number {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    for (const mail of generateMails(count, 'import', 21)) {
      const body = mail.raw.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1');
      const entry = `From bench@realistic.example Tue Nov 24 10:00:00 2026\n${body}\n\n`;
      bytes += Buffer.byteLength(entry);
      fs.writeSync(fd, entry);
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

export async function benchImport() {
  const dir = tempDir('orgo-bench-import-');
  const mbox = path.join(dir, 'archive.mbox');
  const bytes = writeMbox(mbox, MAILS);
  const home = path.join(dir, 'home');
  process.stderr.write(`bench: import — ${MAILS} mails (${Math.round(bytes / 1024)} KiB) from one mbox…\n`);
  const started = Date.now();
  const run = runOrgo(['import', mbox, '--config', CONFIG, '--home', home, '--json']);
  const pid = run.child.pid as number;
  let cpu = 0;
  const probe = setInterval(() => {
    try {
      cpu = cpuMs(pid);
    } catch {
      // the process has just exited: the last reading stands
    }
  }, 100);
  const code = await run.exited;
  clearInterval(probe);
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`orgo import exited with ${code}:\n${run.output().slice(-4000)}`);
  const line = run
    .output()
    .split('\n')
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`orgo import printed no JSON summary:\n${run.output().slice(-4000)}`);
  const summary = JSON.parse(line) as Record<string, unknown>;
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    note: 'orgo import <mbox> --config bench/config/realistic into a fresh standalone home; seconds = spawn to exit (start-up and migrations included); cpu read from /proc every 100 ms',
    mails: MAILS,
    mbox_bytes: bytes,
    seconds: Math.round(seconds * 10) / 10,
    mails_per_second: Math.round((MAILS / seconds) * 10) / 10,
    cpu_seconds: Math.round(cpu / 100) / 10,
    cpu_ms_per_mail: Math.round((cpu / MAILS) * 100) / 100,
    summary: { read: summary.read, imported: summary.imported, duplicates: summary.duplicates, quarantined: summary.quarantined, ignored: summary.ignored },
  };
}
