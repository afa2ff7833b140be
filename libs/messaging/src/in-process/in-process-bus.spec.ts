import { createEnvelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';

import { InProcessBus } from './in-process-bus';

const env = (type: string) => createEnvelope(type, { n: 1 }, { producer: 'test' });
const spec = (name: string, bindings: string[], retryDelaysMs: number[] = [5, 5]) => ({ name, bindings, prefetch: 2, retryDelaysMs });

describe('InProcessBus', () => {
  it('delivers to every queue bound to the routing key and resolves publish once all acknowledged', async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    await bus.declareQueue(spec('a', ['task.*.created']));
    await bus.declareQueue(spec('b', ['task.#']));
    await bus.declareQueue(spec('c', ['email.*']));
    await bus.consume('a', async (e) => (seen.push(`a:${e.type}`), 'processed'), async () => undefined);
    await bus.consume('b', async (e) => (seen.push(`b:${e.type}`), 'processed'), async () => undefined);
    await bus.consume('c', async (e) => (seen.push(`c:${e.type}`), 'processed'), async () => undefined);
    await bus.publish(env('task.it.created'));
    expect(seen.sort()).toEqual(['a:task.it.created', 'b:task.it.created']);
  });

  it('keeps messages for a declared queue until a consumer arrives', async () => {
    const bus = new InProcessBus();
    await bus.declareQueue(spec('late', ['x.y']));
    let handled = 0;
    const published = bus.publish(env('x.y'));
    await new Promise((r) => setTimeout(r, 10));
    expect(handled).toBe(0);
    await bus.consume('late', async () => (handled++, 'processed'), async () => undefined);
    await published;
    expect(handled).toBe(1);
  });

  it('stops consuming at shutdown: a message in flight finishes, a later one stays unacknowledged', async () => {
    const bus = new InProcessBus();
    await bus.declareQueue(spec('q', ['x.y']));
    const handled: string[] = [];
    let release = () => undefined as void;
    await bus.consume(
      'q',
      async (e) => {
        handled.push(e.id);
        if (handled.length === 1) await new Promise<void>((r) => (release = r));
        return 'processed';
      },
      async () => undefined,
    );
    const first = env('x.y');
    const firstPublished = bus.publish(first);
    await new Promise((r) => setTimeout(r, 5));
    const stopped = bus.stopConsuming(1000);
    release();
    await stopped;
    await firstPublished;
    let laterAcknowledged = false;
    void bus.publish(env('x.y')).then(() => (laterAcknowledged = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(handled).toEqual([first.id]);
    expect(laterAcknowledged).toBe(false);
    await bus.close();
  });

  it('retries a failing handler, then dead-letters it, and only then acknowledges the publish', async () => {
    const bus = new InProcessBus();
    await bus.declareQueue(spec('q', ['boom'], [5, 5]));
    let attempts = 0;
    const dead: { attempts: number; message: string }[] = [];
    await bus.consume(
      'q',
      async () => {
        attempts++;
        throw new Error('database away');
      },
      async (_q, _e, error, n) => {
        dead.push({ attempts: n, message: error.message });
      },
    );
    await bus.publish(env('boom'));
    expect(attempts).toBe(3);
    expect(dead).toEqual([{ attempts: 3, message: 'database away' }]);
  });

  it('dead-letters a non-retryable error at once', async () => {
    const bus = new InProcessBus();
    await bus.declareQueue(spec('q', ['bad'], [5, 5]));
    let attempts = 0;
    const dead: number[] = [];
    await bus.consume(
      'q',
      async () => {
        attempts++;
        throw new OrgoError('BUS.MALFORMED', 'bad envelope', { retryable: false });
      },
      async (_q, _e, _err, n) => {
        dead.push(n);
      },
    );
    await bus.publish(env('bad'));
    expect(attempts).toBe(1);
    expect(dead).toEqual([1]);
  });

  it('recovers when a retry succeeds', async () => {
    const bus = new InProcessBus();
    await bus.declareQueue(spec('q', ['flaky']));
    let attempts = 0;
    await bus.consume('q', async () => {
      if (++attempts < 2) throw new Error('once');
      return 'processed';
    }, async () => {
      throw new Error('must not dead-letter');
    });
    await bus.publish(env('flaky'));
    expect(attempts).toBe(2);
  });

  it("holds at most the consumer's prefetch in flight when the consumer chose one", async () => {
    const bus = new InProcessBus();
    await bus.declareQueue({ ...spec('q', ['many']), prefetch: 8 });
    let running = 0;
    let most = 0;
    await bus.consume(
      'q',
      async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setImmediate(r));
        running--;
        return 'processed';
      },
      async () => undefined,
      { prefetch: 3 },
    );
    await Promise.all(Array.from({ length: 12 }, () => bus.publish(env('many'))));
    expect(most).toBe(3);
  });

  it('answers requests and reports a missing responder or a timeout with a code', async () => {
    const bus = new InProcessBus();
    await bus.respond('rpc.echo', async (p) => p);
    await bus.respond('rpc.slow', () => new Promise((r) => setTimeout(r, 200)));
    await expect(bus.request('rpc.echo', { a: 1 }, 100)).resolves.toEqual({ a: 1 });
    await expect(bus.request('rpc.none', {}, 100)).rejects.toMatchObject({ code: 'RPC.UNAVAILABLE' });
    await expect(bus.request('rpc.slow', {}, 20)).rejects.toMatchObject({ code: 'RPC.TIMEOUT' });
  });
});
