import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createEnvelope } from '@orgo/contracts';
import { TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import type { DataSource } from 'typeorm';

import { InProcessBus } from '../in-process/in-process-bus';
import { consumeOnce } from '../inbox/idempotent-consumer';
import { InboxMessageEntity } from '../inbox/inbox-message.entity';
import { DeadLetterEntity } from '../dead-letter/dead-letter.entity';
import { MESSAGING_MIGRATIONS } from '../outbox-claims.migration';
import { addToOutbox } from './outbox';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';

async function openDb(file: string): Promise<DataSource> {
  return openServiceDatabase({
    service: 'test-service',
    database: { type: 'sqlite', path: file },
    entities: [OutboxMessageEntity, InboxMessageEntity, DeadLetterEntity],
    migrations: MESSAGING_MIGRATIONS,
  });
}

const until = async (cond: () => Promise<boolean> | boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('outbox and inbox on SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-outbox-'));
  });

  it('publishes committed rows once, marks them sent, and never publishes a rolled-back row', async () => {
    const ds = await openDb(path.join(dir, 'a.sqlite'));
    const tx = new TransactionRunner(ds);
    const bus = new InProcessBus();
    const received: string[] = [];
    await bus.declareQueue({ name: 'q', bindings: ['#'], prefetch: 4, retryDelaysMs: [] });
    await bus.consume('q', async (e) => (received.push(e.type), 'processed'), async () => undefined);
    await tx.run((m) => addToOutbox(m, createEnvelope('email.received', { a: 1 }, { producer: 't' })));
    await expect(
      tx.run(async (m) => {
        await addToOutbox(m, createEnvelope('email.rolled_back', { a: 2 }, { producer: 't' }));
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    const relay = new OutboxRelay(tx, bus, { intervalMs: 20 });
    relay.start();
    await until(async () => (await ds.manager.count(OutboxMessageEntity, { where: {} })) === 1 && received.length === 1);
    await until(async () => (await ds.manager.findOneByOrFail(OutboxMessageEntity, {})).sentAt !== null);
    await new Promise((r) => setTimeout(r, 100));
    await relay.stop();
    expect(received).toEqual(['email.received']);
    await ds.destroy();
  });

  it('a row left unsent by a crashed run is published at the next start and the consumer drops the duplicate', async () => {
    const file = path.join(dir, 'b.sqlite');
    const ds = await openDb(file);
    const tx = new TransactionRunner(ds);
    const envelope = createEnvelope('task.it.created', { x: 1 }, { producer: 't' });
    await tx.run((m) => addToOutbox(m, envelope));
    // The consumer already handled it once (the crash came after delivery, before marking sent).
    const effects: string[] = [];
    const handle = () => consumeOnce(tx, 'scheduler', envelope, async () => (effects.push('timer set'), 'processed'));
    expect(await handle()).toBe('processed');
    await ds.destroy();

    const reopened = await openDb(file);
    const tx2 = new TransactionRunner(reopened);
    const bus = new InProcessBus();
    const outcomes: string[] = [];
    await bus.declareQueue({ name: 'q', bindings: ['task.#'], prefetch: 1, retryDelaysMs: [] });
    await bus.consume(
      'q',
      async (e) => {
        const outcome = await consumeOnce(tx2, 'scheduler', e, async () => (effects.push('timer set'), 'processed'));
        outcomes.push(outcome);
        return outcome;
      },
      async () => undefined,
    );
    const relay = new OutboxRelay(tx2, bus, { intervalMs: 20 });
    relay.start();
    await until(() => outcomes.length === 1);
    await relay.stop();
    expect(outcomes).toEqual(['duplicate']);
    expect(effects).toEqual(['timer set']);
    expect((await reopened.manager.findOneByOrFail(OutboxMessageEntity, { id: envelope.id })).sentAt).not.toBeNull();
    await reopened.destroy();
  });

  it('rolls back the inbox row with the effects when the handler fails, so a retry runs it again', async () => {
    const ds = await openDb(path.join(dir, 'c.sqlite'));
    const tx = new TransactionRunner(ds);
    const envelope = createEnvelope('email.parsed', { y: 1 }, { producer: 't' });
    await expect(consumeOnce(tx, 'rules', envelope, async () => { throw new Error('transient'); })).rejects.toThrow('transient');
    expect(await ds.manager.count(InboxMessageEntity)).toBe(0);
    expect(await consumeOnce(tx, 'rules', envelope, async () => 'processed')).toBe('processed');
    expect(await consumeOnce(tx, 'rules', envelope, async () => 'processed')).toBe('duplicate');
    await expect(consumeOnce(tx, 'rules', { ...envelope, id: '' }, async () => 'processed')).rejects.toMatchObject({ code: 'BUS.MALFORMED' });
    await ds.destroy();
  });
});
