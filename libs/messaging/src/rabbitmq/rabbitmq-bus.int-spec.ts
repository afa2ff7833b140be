import { randomUUID } from 'node:crypto';

import { createEnvelope, type Envelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import amqplib from 'amqplib';

import { RabbitMqBus, deadQueueName, retryQueueName } from './rabbitmq-bus';

const RABBITMQ_URL = process.env.ORGO_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('RabbitMqBus against the real broker', () => {
  const run = randomUUID().slice(0, 8);
  const queues: string[] = [];
  let bus: RabbitMqBus;

  beforeAll(async () => {
    bus = new RabbitMqBus({ url: RABBITMQ_URL });
    await bus.waitForConnect(10_000);
  });

  afterAll(async () => {
    await bus.close();
    const conn = await amqplib.connect(RABBITMQ_URL);
    const ch = await conn.createChannel();
    for (const q of queues) await ch.deleteQueue(q).catch(() => undefined);
    await conn.close();
  });

  const declare = async (suffix: string, bindings: string[], retryDelaysMs: number[] = []) => {
    const name = `test.${run}.${suffix}`;
    queues.push(name, deadQueueName(name), ...retryDelaysMs.map((_, i) => retryQueueName(name, i + 1)));
    await bus.declareQueue({ name, bindings, prefetch: 4, retryDelaysMs });
    return name;
  };
  const env = (type: string) => createEnvelope(type, { n: 1 }, { producer: 'test' });

  it('routes by topic to every bound durable queue, with confirms and acks', async () => {
    const a = await declare('a', [`t${run}.*.created`]);
    const b = await declare('b', [`t${run}.#`]);
    const seen: string[] = [];
    await bus.consume(a, async (e) => (seen.push(`a:${e.type}`), 'processed'), async () => undefined);
    await bus.consume(b, async (e) => (seen.push(`b:${e.type}`), 'processed'), async () => undefined);
    await bus.publish(env(`t${run}.it.created`));
    await bus.publish(env(`t${run}.it.escalated`));
    await until(() => seen.length === 3);
    expect(seen.sort()).toEqual([`a:t${run}.it.created`, `b:t${run}.it.created`, `b:t${run}.it.escalated`]);
  });

  it('unbinds a retired binding when the queue is declared again, and keeps the others', async () => {
    const name = await declare('retired', [`u${run}.old`, `u${run}.kept`]);
    const seen: string[] = [];
    await bus.consume(name, async (e) => (seen.push(e.type), 'processed'), async () => undefined);
    await bus.publish(env(`u${run}.old`));
    await until(() => seen.length === 1);
    await bus.declareQueue({ name, bindings: [`u${run}.kept`], retiredBindings: [`u${run}.old`, `u${run}.never-bound`], prefetch: 4, retryDelaysMs: [] });
    await bus.publish(env(`u${run}.old`));
    await bus.publish(env(`u${run}.kept`));
    await until(() => seen.length === 2);
    // A marker published last arrives after anything the broker still routed before it.
    await bus.declareQueue({ name, bindings: [`u${run}.kept`, `u${run}.marker`], prefetch: 4, retryDelaysMs: [] });
    await bus.publish(env(`u${run}.marker`));
    await until(() => seen.includes(`u${run}.marker`));
    expect(seen).toEqual([`u${run}.old`, `u${run}.kept`, `u${run}.marker`]);
  });

  it('retries a failing message through the delay queues, then succeeds', async () => {
    const q = await declare('retry', [`r${run}.x`], [50, 100]);
    let attempts = 0;
    await bus.consume(q, async () => {
      if (++attempts < 3) throw new Error('database away');
      return 'processed';
    }, async () => {
      throw new Error('must not dead-letter');
    });
    await bus.publish(env(`r${run}.x`));
    await until(() => attempts === 3);
  });

  it('puts a poison message in the dead-letter queue after its retries, and a non-retryable one at once', async () => {
    const q = await declare('poison', [`p${run}.*`], [30, 30]);
    const dead: { type: string; attempts: number }[] = [];
    const attempts = new Map<string, number>();
    await bus.consume(
      q,
      async (e: Envelope) => {
        attempts.set(e.type, (attempts.get(e.type) ?? 0) + 1);
        if (e.type.endsWith('.bad')) throw new OrgoError('TEST.INVALID', 'never valid');
        throw new Error('always fails');
      },
      async (_q, e, _err, n) => {
        dead.push({ type: e.type, attempts: n });
      },
    );
    await bus.publish(env(`p${run}.poison`));
    await bus.publish(env(`p${run}.bad`));
    await until(() => dead.length === 2);
    expect(dead.sort((x, y) => x.type.localeCompare(y.type))).toEqual([
      { type: `p${run}.bad`, attempts: 1 },
      { type: `p${run}.poison`, attempts: 3 },
    ]);
    const conn = await amqplib.connect(RABBITMQ_URL);
    const ch = await conn.createChannel();
    expect((await ch.checkQueue(deadQueueName(q))).messageCount).toBe(2);
    await conn.close();
  });

  it('answers RPC requests and times out with a code when nobody answers', async () => {
    await bus.respond(`rpc.${run}.echo`, async (p) => ({ ok: true, value: p }));
    await expect(bus.request(`rpc.${run}.echo`, { a: 1 }, 5000)).resolves.toEqual({ ok: true, value: { a: 1 } });
    await expect(bus.request(`rpc.${run}.nobody`, {}, 300)).rejects.toMatchObject({ code: 'RPC.TIMEOUT' });
    queues.push(`orgo.rpc.${run}.echo`);
  });
});
