import { randomUUID } from 'node:crypto';

import { SERVICE_NAMES, type ServiceName } from '@orgo/contracts';

import { POSTGRES_URL, RABBITMQ_URL, removeNamespace } from './distributed-process';
import { freePort, runOrgo } from './standalone-process';

export const SERVICES = SERVICE_NAMES;
export type Service = ServiceName;

/**
 * The eight services of the distributed shape as processes this test controls one by one (start,
 * SIGKILL, restart), isolated in their own broker namespace and schemas.
 */
export class ServiceFleet {
  readonly run = `f${randomUUID().slice(0, 8)}`;
  readonly processes = new Map<Service, ReturnType<typeof runOrgo>>();
  readonly ports = new Map<Service, number>();
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
    };
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.get('api-gateway')}`;
  }

  output(): string {
    return this.log + [...this.processes.values()].map((p) => p.output()).join('');
  }

  async start(service: Service): Promise<void> {
    const port = this.ports.get(service) ?? (await freePort());
    this.ports.set(service, port);
    const proc = runOrgo(['start', '--service', service, '--config', this.config, '--home', this.home, '--port', String(port)], this.env);
    this.processes.set(service, proc);
    const end = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
      if (ready) return;
      if (proc.child.exitCode !== null || Date.now() > end) throw new Error(`${service} did not become ready:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async kill(service: Service): Promise<void> {
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
