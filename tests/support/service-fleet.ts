import { randomUUID } from 'node:crypto';

import { SERVICE_NAMES, type ServiceName } from '@orgo/contracts';
import { ensureKeyFile } from '@orgo/security';

import { POSTGRES_URL, RABBITMQ_URL, REDIS_URL, removeNamespace } from './distributed-process';
import { freePort, runOrgo } from './standalone-process';

export const SERVICES = SERVICE_NAMES;
export type Service = ServiceName;

/**
 * The eight services of the distributed shape as processes this test controls one by one (start,
 * SIGKILL, restart), isolated in their own broker namespace, schemas and cache keys.
 */
export class ServiceFleet {
  readonly run = `f${randomUUID().slice(0, 8)}`;
  /** By service, or by the name given to an extra replica. */
  readonly processes = new Map<string, ReturnType<typeof runOrgo>>();
  readonly ports = new Map<string, number>();
  private log = '';

  constructor(
    private readonly config: string,
    readonly home: string,
  ) {}

  get env(): Record<string, string> {
    return {
      ORGO_RABBITMQ__URL: RABBITMQ_URL,
      ORGO_RABBITMQ__NAMESPACE: this.run,
      ORGO_POSTGRES__URL: POSTGRES_URL,
      ORGO_POSTGRES__SCHEMA_PREFIX: `${this.run}_`,
      ORGO_REDIS__URL: REDIS_URL,
      ORGO_REDIS__NAMESPACE: this.run,
      ORGO_KEY_FILE: ensureKeyFile(this.home),
    };
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.get('api-gateway')}`;
  }

  output(): string {
    return this.log + [...this.processes.values()].map((p) => p.output()).join('');
  }

  /**
   * Starts a service and waits until it is ready. `replica` names one more process of the service
   * (its own port), optionally with another configuration folder or environment overrides.
   */
  async start(service: Service, options: { replica?: string; config?: string; env?: Record<string, string> } = {}): Promise<void> {
    const name = options.replica ?? service;
    const port = this.ports.get(name) ?? (await freePort());
    this.ports.set(name, port);
    const args = ['start', '--service', service, '--config', options.config ?? this.config, '--home', this.home, '--port', String(port)];
    const proc = runOrgo(args, { ...this.env, ...options.env });
    this.processes.set(name, proc);
    const end = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
      if (ready) return;
      if (proc.child.exitCode !== null || Date.now() > end) throw new Error(`${service} did not become ready:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async kill(service: string): Promise<void> {
    const proc = this.processes.get(service);
    if (!proc) return;
    this.log += proc.output();
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  async stopAll(): Promise<void> {
    for (const proc of this.processes.values()) proc.child.kill('SIGTERM');
    await Promise.all([...this.processes.values()].map((p) => p.exited));
  }

  removeNamespace(): Promise<void> {
    return removeNamespace(this.run);
  }
}
