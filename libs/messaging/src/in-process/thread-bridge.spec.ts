import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';

import { type Envelope, createEnvelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import { isRetryable } from '../bus/retry-policy';
import { InProcessBus } from './in-process-bus';
import { serveThreadBus } from './thread-bridge';
import { PortPeer } from './thread-port';
import type { Behaviour } from './thread-bridge.test-worker';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const WORKER = path.join(__dirname, 'thread-bridge.test-worker.ts');
const env = (type: string, payload: Record<string, unknown> = { n: 1 }) => createEnvelope(type, payload, { producer: 'spec' });

/** Waits for a condition the worker reports (no sleeps, no timed assertions). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('ThreadBus ↔ serveThreadBus (a real worker thread over a MessagePort)', () => {
  const failures: { queue: string; error: Error; attempt: number }[] = [];
  const bus = new InProcessBus({ onError: (queue, _envelope, error, attempt) => failures.push({ queue, error, attempt }) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-thread-bridge-'));
  const channel = new MessageChannel();
  let worker: Worker;
  let control: PortPeer;
  let server: ReturnType<typeof serveThreadBus>;

  const consume = (queue: string, bindings: string[], behaviour: Behaviour, retryDelaysMs = [5, 5, 5]) =>
    control.call('consume', { queue, bindings, behaviour, retryDelaysMs });

  beforeAll(() => {
    worker = new Worker(
      `process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || ${JSON.stringify(path.join(ROOT, 'tsconfig.base.json'))};
       require(${JSON.stringify(require.resolve('@swc-node/register'))});
       require(${JSON.stringify(WORKER)});`,
      { eval: true, workerData: { busPort: channel.port2, dbPath: path.join(dir, 'worker.sqlite') }, transferList: [channel.port2] },
    );
    control = new PortPeer(worker);
    server = serveThreadBus(channel.port1, bus);
  });

  afterAll(async () => {
    server.close();
    await worker.terminate();
    channel.port1.close();
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges a message published on the main thread only once the worker handler finished', async () => {
    await consume('spec.held', ['spec.hold'], 'hold');
    let acknowledged = false;
    let idle = false;
    const published = bus.publish(env('spec.hold')).then(() => (acknowledged = true));
    void bus.whenIdle().then(() => (idle = true));
    await until(async () => (await control.call<number>('held')) === 1, 'the worker holds the message');
    expect(acknowledged).toBe(false);
    expect(idle).toBe(false);
    await control.call('release');
    await published;
    await bus.whenIdle();
    expect(acknowledged).toBe(true);
    expect(await control.call<string[]>('handled')).toContain('spec.held:spec.hold:1');
  });

  it('retries a retryable error thrown in the worker, which crosses as the same OrgoError', async () => {
    await consume('spec.flaky', ['spec.flaky'], 'flaky');
    await bus.publish(env('spec.flaky'));
    expect(await control.call<string[]>('handled')).toContain('spec.flaky:spec.flaky:3');
    const seen = failures.filter((f) => f.queue === 'spec.flaky');
    expect(seen.map((f) => f.attempt)).toEqual([1, 2]);
    expect(seen[0].error).toBeInstanceOf(OrgoError);
    expect(seen[0].error).toMatchObject({ code: 'TEST.FLAKY', message: 'attempt 1 failed' });
    expect(isRetryable(seen[0].error)).toBe(true);
  });

  it('dead-letters a non-retryable error at once, stored by the worker in its own database', async () => {
    await consume('spec.invalid', ['spec.invalid'], 'invalid');
    await consume('spec.broken', ['spec.broken'], 'not-retryable');
    // publish resolves once the dead letter is stored: that is its acknowledgement.
    await bus.publish(env('spec.invalid'));
    await bus.publish(env('spec.broken'));
    const invalid = failures.filter((f) => f.queue === 'spec.invalid');
    const broken = failures.filter((f) => f.queue === 'spec.broken');
    expect(invalid).toHaveLength(1);
    expect(invalid[0].error).toBeInstanceOf(OrgoError);
    expect(invalid[0].error).toMatchObject({ code: 'TEST.INVALID', message: 'the payload is wrong', details: { field: 'n' } });
    expect(broken[0].error).toMatchObject({ code: 'TEST.BROKEN', details: { retryable: false } });
    expect(isRetryable(broken[0].error)).toBe(false);
    const stored = await control.call<{ queue: string; routingKey: string; error: string; attempts: number }[]>('dead-letters');
    expect(stored).toEqual([
      { queue: 'spec.invalid', routingKey: 'spec.invalid', error: 'the payload is wrong', attempts: 1 },
      { queue: 'spec.broken', routingKey: 'spec.broken', error: 'this can never work', attempts: 1 },
    ]);
  });

  it('answers RPC both ways, errors included', async () => {
    await control.call('respond');
    await bus.respond('rpc.spec.main-echo', async (payload) => ({ echo: payload, from: 'main' }));
    expect(await bus.request('rpc.spec.worker-echo', { a: 1 }, 5000)).toEqual({ echo: { a: 1 }, from: 'worker' });
    expect(await control.call('ask', { name: 'rpc.spec.main-echo', payload: { b: 2 } })).toEqual({ echo: { b: 2 }, from: 'main' });
    const refused = await bus.request('rpc.spec.worker-refuses', {}, 5000).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(OrgoError);
    expect(refused).toMatchObject({ code: 'TEST.UNKNOWN_ORGANIZATION', message: 'no such organization', details: { organization: 'nowhere' } });
    // The main bus's refusal crosses to the worker and back.
    const unanswered = await control.call('ask', { name: 'rpc.spec.nobody', payload: {} }).catch((e: Error) => e);
    expect(unanswered).toMatchObject({ code: 'RPC.UNAVAILABLE' });
  });

  it('resolves a publish from the worker once the main thread’s consumer acknowledged it', async () => {
    const order: string[] = [];
    await bus.declareQueue({ name: 'spec.on-main', bindings: ['spec.from-worker'], prefetch: 4, retryDelaysMs: [] });
    await bus.consume(
      'spec.on-main',
      async (e: Envelope) => (order.push(`handled ${e.type}`), 'processed'),
      async () => undefined,
    );
    await control.call('publish', env('spec.from-worker'));
    order.push('published');
    expect(order).toEqual(['handled spec.from-worker', 'published']);
  });

  it('counts the worker’s work in whenIdle, what its handler publishes included', async () => {
    const second: string[] = [];
    await bus.declareQueue({ name: 'spec.second', bindings: ['spec.second'], prefetch: 4, retryDelaysMs: [] });
    await bus.consume('spec.second', async (e) => (second.push((e.payload as { after: string }).after), 'processed'), async () => undefined);
    await consume('spec.first', ['spec.first'], 'publish-next');
    const first = env('spec.first', { next: 'spec.second' });
    void bus.publish(first);
    await bus.whenIdle();
    expect(second).toEqual([first.id]);
  });

  it('after the worker closed its bus, keeps messages for its queues (retried, never dead-lettered) and refuses its calls', async () => {
    await control.call('close');
    const rejected = await control.call('publish', env('spec.from-worker')).catch((e: Error) => e);
    expect(rejected).toMatchObject({ code: 'BUS.CLOSED' });
    let acknowledged = false;
    void bus.publish(env('spec.hold')).then(() => (acknowledged = true));
    await until(async () => failures.some((f) => f.queue === 'spec.held' && (f.error as OrgoError).code === 'BUS.THREAD_GONE'), 'the delivery fails');
    const gone = failures.find((f) => f.queue === 'spec.held' && (f.error as OrgoError).code === 'BUS.THREAD_GONE')!;
    expect(isRetryable(gone.error)).toBe(true);
    expect(acknowledged).toBe(false);
  });
});
