import { createEnvelope } from '@orgo/contracts';

import { InProcessBus } from '../in-process/in-process-bus';
import { QUEUE_SAMPLE_TIMEOUT_MS, queueMetrics, watchQueueDepth } from './queue-metrics';

const valuesOf = async (gauge: (typeof queueMetrics)['messages']) =>
  Object.fromEntries((await gauge.get()).values.map((v) => [String(v.labels.queue), v.value]));

describe('queue depth at /metrics (orgo_queue_messages, orgo_queue_consumers)', () => {
  it("shows the in-process bus' durable queues: messages waiting, then its consumer taking them", async () => {
    const bus = new InProcessBus();
    await bus.declareQueue({
      name: 'orgo.qm-parser',
      bindings: ['qm.email.#'],
      prefetch: 2,
      retryDelaysMs: [],
    });
    await bus.declareQueue({
      name: 'orgo.qm-probe',
      bindings: ['qm.#'],
      prefetch: 2,
      retryDelaysMs: [],
      transient: true,
    });
    const published = Promise.all(
      [1, 2, 3].map((n) => bus.publish(createEnvelope('qm.email.received', { n }, { producer: 'test' }))),
    );

    expect(await valuesOf(queueMetrics.messages)).toMatchObject({ 'orgo.qm-parser': 3 });
    expect(await valuesOf(queueMetrics.consumers)).toMatchObject({ 'orgo.qm-parser': 0 });
    // A transient queue (a console, a probe) is not a service's queue.
    expect(await valuesOf(queueMetrics.messages)).not.toHaveProperty('orgo.qm-probe');

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await bus.consume(
      'orgo.qm-parser',
      async () => (await held, 'processed'),
      async () => undefined,
    );
    // Prefetch 2: two are in flight (not ready), one waits.
    expect(await valuesOf(queueMetrics.messages)).toMatchObject({ 'orgo.qm-parser': 1 });
    expect(await valuesOf(queueMetrics.consumers)).toMatchObject({ 'orgo.qm-parser': 1 });

    release();
    await bus.consume(
      'orgo.qm-probe',
      async () => 'processed',
      async () => undefined,
    );
    await published;
    expect(await valuesOf(queueMetrics.messages)).toMatchObject({ 'orgo.qm-parser': 0 });
    await bus.close();
    expect(await valuesOf(queueMetrics.messages)).not.toHaveProperty('orgo.qm-parser');
  });

  it('counts a queue two buses see once, and leaves out a source that fails or does not answer', async () => {
    jest.useFakeTimers();
    try {
      const stops = [
        watchQueueDepth(async () => [{ queue: 'orgo.qm-shared', messages: 4, consumers: 1 }]),
        watchQueueDepth(async () => [{ queue: 'orgo.qm-shared', messages: 6, consumers: 1 }]),
        watchQueueDepth(async () => {
          throw new Error('Not connected.');
        }),
        watchQueueDepth(() => new Promise(() => undefined)),
      ];
      const sampled = valuesOf(queueMetrics.messages);
      await jest.advanceTimersByTimeAsync(QUEUE_SAMPLE_TIMEOUT_MS);
      expect(await sampled).toEqual({ 'orgo.qm-shared': 6 });
      for (const stop of stops) stop();
      const after = valuesOf(queueMetrics.messages);
      await jest.advanceTimersByTimeAsync(QUEUE_SAMPLE_TIMEOUT_MS);
      expect(await after).toEqual({});
    } finally {
      jest.useRealTimers();
    }
  });
});
