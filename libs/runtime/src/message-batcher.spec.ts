import { createEnvelope, type Envelope } from '@orgo/contracts';

import { MessageBatcher } from './message-batcher';

const env = (n: number) => createEnvelope('t.x', { n }, { producer: 'test' });

describe('MessageBatcher', () => {
  it('handles the messages delivered together in one batch', async () => {
    const batches: number[][] = [];
    const batcher = new MessageBatcher(
      async (envelopes) => (batches.push(envelopes.map((e) => (e.payload as { n: number }).n)), envelopes.map(() => 'processed')),
      async () => 'processed',
      { maxSize: 10, maxWaitMs: 5, serial: false },
    );
    const outcomes = await Promise.all([1, 2, 3].map((n) => batcher.submit(env(n))));
    expect(outcomes).toEqual(['processed', 'processed', 'processed']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('caps a batch at maxSize', async () => {
    const sizes: number[] = [];
    const batcher = new MessageBatcher(async (e) => (sizes.push(e.length), e.map(() => 'processed')), async () => (sizes.push(1), 'processed'), {
      maxSize: 4,
      maxWaitMs: 5,
      serial: false,
    });
    await Promise.all(Array.from({ length: 10 }, (_, n) => batcher.submit(env(n))));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('falls back to one by one when a batch fails, so only the bad message fails', async () => {
    const single: number[] = [];
    const batcher = new MessageBatcher(
      async () => {
        throw new Error('one of them is bad');
      },
      async (e: Envelope) => {
        const n = (e.payload as { n: number }).n;
        single.push(n);
        if (n === 2) throw new Error('bad message');
        return 'processed';
      },
      { maxSize: 10, maxWaitMs: 5, serial: false },
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit(env(n))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(single).toEqual([1, 2, 3]);
  });

  it('runs serial batches one after another', async () => {
    let running = 0;
    let most = 0;
    const batcher = new MessageBatcher(
      async (e) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return e.map(() => 'processed');
      },
      async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return 'processed';
      },
      { maxSize: 2, maxWaitMs: 1, serial: true },
    );
    await Promise.all(Array.from({ length: 9 }, (_, n) => batcher.submit(env(n))));
    expect(most).toBe(1);
  });
});
