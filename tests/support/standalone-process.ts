import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { freePort } from '@orgo/testing';

import type { RunningShape } from './pipeline-suite';
import { ADMIN_TOTP_SECRET } from './totp';

export { freePort, tempDir } from '@orgo/testing';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The bootstrap administrator of every test shape, enrolled in MFA through ORGO_ADMIN_TOTP_SECRET. */
export const ADMIN = { email: 'admin@orgo.test', password: 'Correct-Horse-Battery-9', totpSecret: ADMIN_TOTP_SECRET };

/**
 * The administrator's access token per API URL, once a test signed in: a TOTP code works once, so
 * the `orgo` commands a test runs against the same URL take this token (ORGO_TOKEN) instead of
 * signing in again within the same 30 seconds.
 */
export const adminTokens = new Map<string, string>();

/** Runs `orgo` as a separate process, the way a person does; collects its output. */
export function runOrgo(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const url = args.includes('--url') ? args[args.indexOf('--url') + 1] : undefined;
  const token = url && !env.ORGO_TOKEN ? adminTokens.get(url) : undefined;
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'orgo.js'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      ORGO_ADMIN_EMAIL: ADMIN.email,
      ORGO_ADMIN_PASSWORD: ADMIN.password,
      ORGO_ADMIN_TOTP_SECRET: ADMIN.totpSecret,
      ...(token ? { ORGO_TOKEN: token } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export interface Standalone {
  url: string;
  home: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the standalone shape and waits until /health/ready answers; `env` adds environment overrides. */
export async function startStandalone(configDir: string, home: string, port?: number, env: Record<string, string> = {}): Promise<Standalone> {
  const p = port ?? (await freePort());
  const run = runOrgo(['start', '--config', configDir, '--home', home, '--port', String(p)], env);
  const url = `http://127.0.0.1:${p}`;
  const end = Date.now() + 90_000;
  let exitCode: number | null | undefined;
  void run.exited.then((c) => (exitCode = c));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`orgo start exited with ${exitCode}:\n${run.output()}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > end) throw new Error(`orgo start not ready in time:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, home, port: p, ...run };
}

/** The standalone shape as a suite running on both shapes sees it (`describe.each` with startDistributed). */
export async function standaloneShape(configDir: string, home: string): Promise<RunningShape> {
  const orgo = await startStandalone(configDir, home);
  return { url: orgo.url, output: orgo.output, stop: async () => void (orgo.child.kill('SIGTERM'), await orgo.exited) };
}

/** Drops a mail into the inbox drop folder of a role address, atomically. */
export function dropMail(home: string, mailbox: string, name: string, raw: string): void {
  const dir = path.join(home, 'inbox', mailbox);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.tmp`), raw);
  fs.renameSync(path.join(dir, `${name}.tmp`), path.join(dir, name));
}

export function mail(o: { from: string; to: string; subject: string; body: string; id: string; headers?: string }): string {
  return [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    'Date: Tue, 24 Nov 2026 09:00:00 +0000',
    `Message-ID: <${o.id}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(o.headers ? [o.headers] : []),
    '',
    o.body,
    '',
  ].join('\r\n');
}
