import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { SERVICE_NAMES } from '@orgo/contracts';
import { ensureKeyFile } from '@orgo/security';

const ORGO = path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'orgo.js');

export interface SupervisorOptions {
  config: string;
  home: string;
  /** The API's port; the other services serve their probes on port + 101 … port + 107. */
  port: number;
  host: string;
  env: Record<string, string | undefined>;
  print: (line: string) => void;
}

/**
 * Runs the eight services of the distributed shape as separate processes on this machine (what a
 * Kubernetes deployment runs as eight pods), each `orgo start --service <name>`, with its output
 * prefixed by its name. Stopping the supervisor stops them all gracefully.
 */
export function superviseDistributed(options: SupervisorOptions): { children: Map<string, ChildProcess>; ports: Record<string, number>; stop(): Promise<void> } {
  const children = new Map<string, ChildProcess>();
  const ports: Record<string, number> = {};
  const others = SERVICE_NAMES.filter((s) => s !== 'api-gateway');
  ports['api-gateway'] = options.port;
  others.forEach((s, i) => (ports[s] = options.port + 101 + i));
  // The services of one machine share the home's key file, as pods share a mounted secret, unless the
  // environment names keys or a key file (keys in config/security outrank the file: see keySource).
  const keys = options.env.ORGO_ENCRYPTION_KEYS || options.env.ORGO_KEY_FILE ? {} : { ORGO_KEY_FILE: ensureKeyFile(options.home) };
  for (const service of [...others, 'api-gateway' as const]) {
    const child = spawn(
      process.execPath,
      [ORGO, 'start', '--service', service, '--config', options.config, '--home', options.home, '--port', String(ports[service]), '--host', options.host],
      { env: { ...options.env, ...keys }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const prefix = service.padEnd(21);
    const forward = (data: Buffer) => {
      for (const line of data.toString('utf8').split('\n').filter(Boolean)) options.print(`${prefix}| ${line}`);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code, signal) => options.print(`${prefix}| exited (${signal ?? code})`));
    children.set(service, child);
  }
  return {
    children,
    ports,
    stop: async () => {
      const exits = [...children.values()].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))));
      for (const child of children.values()) child.kill('SIGTERM');
      await Promise.all(exits);
    },
  };
}
