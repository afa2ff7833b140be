import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { patiently } from './support/patiently';
import { SERVICES, ServiceFleet } from './support/service-fleet';
import { ROOT, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'bench', 'config');
const EMAILS = Number(process.env.FAULT_EMAILS ?? 2000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How to restart the broker and the database: the local services by default, or the shell commands
 * in ORGO_TEST_RESTART_RABBITMQ / ORGO_TEST_RESTART_POSTGRES (CI with service containers sets
 * `docker restart <container>`).
 */
function restartRabbitMq(): void {
  const command = process.env.ORGO_TEST_RESTART_RABBITMQ;
  if (command) return void execFileSync('sh', ['-c', command], { stdio: 'ignore' });
  execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore' });
  execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore' });
}

function restartPostgres(): void {
  const command = process.env.ORGO_TEST_RESTART_POSTGRES;
  if (command) return void execFileSync('sh', ['-c', command], { stdio: 'ignore' });
  const version = fs.readdirSync('/etc/postgresql')[0];
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { stdio: 'ignore' });
}

/**
 * Nothing lost, nothing twice (SPEC §8): mail streams in while each service in turn is killed with
 * SIGKILL and restarted, and RabbitMQ and PostgreSQL are each restarted once. At the end every email
 * is exactly one task, no message is dead-lettered, and the audit chains verify and are complete.
 */
describe('distributed shape under faults', () => {
  const fleet = new ServiceFleet(CONFIG, tempDir('orgo-faults-'));

  afterAll(async () => {
    // The services' own logs, for whoever has to find out why this failed.
    fs.writeFileSync(path.join(fleet.home, 'fleet.log'), fleet.output());
    await fleet.stopAll();
    await fleet.removeNamespace();
  }, 120_000);

  it(`turns ${EMAILS} emails into exactly ${EMAILS} tasks through kills and restarts`, async () => {
    for (const service of SERVICES) await fleet.start(service);
    const inbox = path.join(fleet.home, 'inbox', 'repairs@bench.example');
    fs.mkdirSync(inbox, { recursive: true });
    let dropped = 0;
    const dropping = (async () => {
      while (dropped < EMAILS) {
        for (let i = 0; i < 20 && dropped < EMAILS; i++, dropped++) {
          const raw = `From: r${dropped % 40}@members.example\r\nTo: repairs@bench.example\r\nSubject: Water leak ${dropped}\r\nMessage-ID: <fault-${dropped}@bench.example>\r\n\r\nThe pipe leaks water again.\r\n`;
          fs.writeFileSync(path.join(inbox, `.${dropped}.tmp`), raw);
          fs.renameSync(path.join(inbox, `.${dropped}.tmp`), path.join(inbox, `${dropped}.eml`));
        }
        await sleep(200);
      }
    })();

    const faults: string[] = [];
    for (const service of SERVICES) {
      await sleep(1500);
      await fleet.kill(service);
      faults.push(`killed ${service}`);
      await sleep(500);
      await fleet.start(service);
    }
    await sleep(1000);
    restartRabbitMq();
    faults.push('restarted RabbitMQ');
    await sleep(3000);
    restartPostgres();
    faults.push('restarted PostgreSQL');
    await dropping;

    const api = new ApiClient(fleet.apiUrl);
    await patiently(() => api.login());
    const end = Date.now() + 12 * 60_000;
    let total = 0;
    while (Date.now() < end) {
      total = (await patiently(() => api.get('/api/v1/tasks?limit=1'))).body.total;
      if (total >= EMAILS) break;
      process.stderr.write(`faults: ${total}/${EMAILS} tasks\n`);
      await sleep(2000);
    }
    await sleep(5000);
    const ids = new Set<string>();
    for (let offset = 0; ; offset += 200) {
      const page = (await api.get(`/api/v1/tasks?limit=200&offset=${offset}&sort=created_at`)).body;
      for (const t of page.items) ids.add(t.source.message_id);
      if (page.items.length < 200) break;
    }
    const after = (await api.get('/api/v1/tasks?limit=1')).body.total;
    expect({ faults, total: after, distinct: ids.size }).toEqual({ faults, total: EMAILS, distinct: EMAILS });

    // The services may still be working off the backlog the faults left (the scheduler and the audit
    // trail consume every task event): wait for them to settle, then count.
    const dlq = await eventually(async () => (await patiently(() => api.get('/api/v1/dlq'))).body, (b) => b.unavailable?.length === 0, {
      what: 'every service answering for its dead letters',
      timeoutMs: 5 * 60_000,
      intervalMs: 2000,
    });
    expect(dlq.total).toBe(0);
    for (const action of ['email.received', 'email.parsed', 'command.task.create', 'task.maintenance.created', 'task.maintenance.routed']) {
      const count = async () => (await patiently(() => api.get(`/api/v1/audit?action=${action}&limit=1`))).body.total as number;
      const audited = await eventually(count, (n) => n >= EMAILS, { what: `audit of ${action}`, timeoutMs: 5 * 60_000, intervalMs: 2000 });
      expect([action, audited]).toEqual([action, EMAILS]);
    }
    const verify = (await api.get('/api/v1/audit/verify')).body;
    expect(verify).toMatchObject({ ok: true, broken: null });
    expect(verify.checked).toBeGreaterThanOrEqual(5 * EMAILS);
  }, 20 * 60_000);
});
