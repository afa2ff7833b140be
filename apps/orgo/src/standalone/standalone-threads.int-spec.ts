import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';

import { MemoryCache } from '@orgo/cache';
import { loadConfig } from '@orgo/config';
import { dlqListRpc } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { InProcessBus } from '@orgo/messaging';
import { freePort, tempDir, waitFor } from '@orgo/testing';

import { ServiceThread } from './service-thread';
import { startStandalone } from './standalone-launcher';

const CONFIG = path.resolve(__dirname, '..', '..', '..', '..', 'config');
const config = loadConfig(CONFIG, { env: {} });

describe('the standalone shape on two threads', () => {
  it('runs the service thread’s services over the main bus; /health/ready and /metrics show them', async () => {
    const home = tempDir('orgo-threads-');
    const port = await freePort();
    const fatal: Error[] = [];
    const running = await startStandalone({ config, home, port, host: '127.0.0.1', env: { ORGO_STANDALONE_THREADS: '2' }, onFatal: (e) => fatal.push(e) });
    try {
      expect(running.threads).toBe(2);
      const ready = (await (await fetch(`${running.url}/health/ready`)).json()) as { status: string; services: { service: string; ready: boolean; details?: Record<string, unknown> }[] };
      expect(ready.status).toBe('ready');
      expect(ready.services.filter((s) => !s.ready)).toEqual([]);
      // The rule-engine's own health details come from the service thread.
      expect(ready.services.find((s) => s.service === 'rule-engine')?.details).toHaveProperty('rules.northside.status', 'current');
      const sample = fs.readFileSync(path.join(CONFIG, 'organizations', 'northside', 'samples', '02-projector.eml'));
      fs.mkdirSync(path.join(home, 'inbox', 'it@northside.example'), { recursive: true });
      fs.writeFileSync(path.join(home, 'inbox', 'it@northside.example', 'a.eml'), sample);
      const metrics = await waitFor(
        async () => (await fetch(`${running.url}/metrics`)).text(),
        (text) => /orgo_messages_handled_total\{service="task-service",routing_key="command.task.create",outcome="processed"\} 1\b/.test(text),
        'the mail becomes a task',
      );
      // Counted in the service thread, shown by the API on the main thread.
      expect(metrics).toMatch(/orgo_messages_handled_total\{service="parser",routing_key="email.received",outcome="processed"\} 1\b/);
      expect(metrics).toMatch(/orgo_messages_handled_total\{service="rule-engine",routing_key="email.parsed",outcome="processed"\} 1\b/);
      expect(metrics.match(/^# TYPE orgo_messages_handled_total counter$/gm)).toHaveLength(1);
    } finally {
      await running.stop();
    }
    expect(fatal).toEqual([]);
  });

  it('stops a start that fails in the service thread with the error a start on one thread gives', async () => {
    const failedStart = async (threads: string) => {
      const home = tempDir('orgo-threads-failing-');
      // The parser (a service-thread service) cannot open its database.
      fs.mkdirSync(path.join(home, 'data', 'parser.sqlite'), { recursive: true });
      return startStandalone({ config, home, port: await freePort(), host: '127.0.0.1', env: { ORGO_STANDALONE_THREADS: threads } }).then(
        async (running) => {
          await running.stop();
          throw new Error('the start did not fail');
        },
        (error: Error) => error,
      );
    };
    const onOne = await failedStart('1');
    const onTwo = await failedStart('2');
    expect(onTwo.message).toBe(onOne.message);
    expect({ name: onTwo.name, code: (onTwo as { code?: string }).code }).toEqual({ name: onOne.name, code: (onOne as { code?: string }).code });
  });

  it('tells when the service thread dies, and forgets its services', async () => {
    const home = tempDir('orgo-thread-crash-');
    const bus = new InProcessBus();
    const failures: Error[] = [];
    const thread = new ServiceThread({
      services: ['audit-log'],
      config,
      home,
      env: {},
      retryDelaysMs: [50],
      logLevel: 'warn',
      logFile: path.join(home, 'logs', 'orgo.log'),
      bus,
      cache: new MemoryCache(),
      onFailure: (error) => failures.push(error),
    });
    try {
      await thread.start();
      expect(thread.isStarted('audit-log')).toBe(true);
      expect(await bus.request(dlqListRpc('audit-log'), {}, 5000)).toMatchObject({ ok: true });
      // A crash: the thread ends without being asked to.
      await (thread as unknown as { worker: Worker }).worker.terminate();
      await waitFor(async () => failures.length, (n) => n > 0, 'the failure is told');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(OrgoError);
      expect(failures[0]).toMatchObject({ code: 'STANDALONE.THREAD_FAILED' });
      expect(failures[0].message).toMatch(/^The service thread running audit-log stopped: it exited with code 1/);
      expect(thread.isStarted('audit-log')).toBe(false);
      expect(thread.failure).toBe(failures[0]);
      await expect(bus.request(dlqListRpc('audit-log'), {}, 5000)).rejects.toMatchObject({ code: 'RPC.UNAVAILABLE' });
      await thread.close('audit-log');
    } finally {
      await thread.stop();
      await bus.close();
    }
  });
});
