import { randomUUID } from 'node:crypto';

import { createEnvelope } from '@orgo/contracts';
import amqplib from 'amqplib';

import { queueMetrics } from '../bus/queue-metrics';
import { RabbitMqBus, deadQueueName, retryQueueName } from './rabbitmq-bus';

const RABBITMQ_URL = process.env.ORGO_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const valuesOf = async (gauge: (typeof queueMetrics)['messages']) =>
  Object.fromEntries((await gauge.get()).values.map((v) => [String(v.labels.queue), v.value]));

const eventually = async <T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 10_000,
): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** The gauges of /metrics read the depth of the bus's queues from the real broker (`checkQueue`). */
describe('queue depth of the RabbitMQ transport at /metrics', () => {
  const namespace = `qd${randomUUID().slice(0, 8)}`;
  const queue = 'orgo.depth-probe';
  const other = 'orgo.depth-other';
  const third = 'orgo.depth-third';
  const brokerNames = [queue, other, third].flatMap((q) => [
    `${namespace}.${q}`,
    deadQueueName(`${namespace}.${q}`),
    retryQueueName(`${namespace}.${q}`, 1),
  ]);
  let bus: RabbitMqBus;

  beforeAll(async () => {
    bus = new RabbitMqBus({ url: RABBITMQ_URL, namespace });
    await bus.waitForConnect(10_000);
    await bus.declareQueue({
      name: queue,
      bindings: [`${namespace}.depth.#`],
      prefetch: 2,
      retryDelaysMs: [60_000],
    });
    await bus.declareQueue({ name: other, bindings: [`${namespace}.other`], prefetch: 2, retryDelaysMs: [] });
    await bus.declareQueue({ name: third, bindings: [`${namespace}.third`], prefetch: 2, retryDelaysMs: [] });
  });

  afterAll(async () => {
    await bus?.close();
    const conn = await amqplib.connect(RABBITMQ_URL);
    const ch = await conn.createChannel();
    for (const q of brokerNames) await ch.deleteQueue(q).catch(() => undefined);
    await conn.close();
  });

  it('shows the messages ready in each queue (by its logical name) and its consumers, as the broker counts them', async () => {
    for (let n = 0; n < 5; n++)
      await bus.publish(createEnvelope(`${namespace}.depth.created`, { n }, { producer: 'test' }));
    await eventually(
      () => valuesOf(queueMetrics.messages),
      (v) => v[queue] === 5,
      'five messages ready',
    );
    expect(await valuesOf(queueMetrics.consumers)).toMatchObject({ [queue]: 0, [other]: 0 });
    expect(await valuesOf(queueMetrics.messages)).toMatchObject({ [other]: 0 });

    // A consumer with prefetch 2 holds two unacknowledged: three stay ready.
    const releases: (() => void)[] = [];
    let handled = 0;
    await bus.consume(
      queue,
      () =>
        new Promise((resolve) => {
          releases.push(() => {
            handled++;
            resolve('processed');
          });
        }),
      async () => undefined,
    );
    await eventually(
      () => valuesOf(queueMetrics.messages),
      (v) => v[queue] === 3 && releases.length === 2,
      'three ready, two delivered',
    );
    expect(await valuesOf(queueMetrics.consumers)).toMatchObject({ [queue]: 1 });

    const releaseAll = async () => {
      while (handled < 5) {
        releases.splice(0).forEach((release) => release());
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await releaseAll();
    await eventually(
      () => valuesOf(queueMetrics.messages),
      (v) => v[queue] === 0,
      'the queue drained',
    );
  });

  it('leaves out a queue deleted on the broker and keeps sampling the others', async () => {
    const conn = await amqplib.connect(RABBITMQ_URL);
    const ch = await conn.createChannel();
    await ch.deleteQueue(`${namespace}.${other}`);
    await conn.close();
    // The missing queue closes the sampling channel; the queue after it is read on a fresh one.
    expect(await bus.queueDepths()).toEqual([
      { queue, messages: 0, consumers: 1 },
      { queue: third, messages: 0, consumers: 0 },
    ]);
    expect(await valuesOf(queueMetrics.messages)).toEqual({ [queue]: 0, [third]: 0 });
    expect((await bus.queueDepths()).map((d) => d.queue)).toEqual([queue, third]);
  });

  it('shows nothing, and does not fail the scrape, while the broker cannot be reached', async () => {
    const away = new RabbitMqBus({ url: 'amqp://guest:guest@127.0.0.1:1' });
    try {
      await away
        .declareQueue({ name: 'orgo.depth-away', bindings: ['x'], prefetch: 1, retryDelaysMs: [] })
        .catch(() => undefined);
      expect(await away.queueDepths()).toEqual([]);
      expect(await valuesOf(queueMetrics.messages)).not.toHaveProperty('orgo.depth-away');
    } finally {
      await away.close();
    }
  });
});
