import { type Envelope, createEnvelope } from '@orgo/contracts';
import { TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type DataSource, IsNull } from 'typeorm';

import type { MessageBus } from '../bus/message-bus';
import { DeadLetterEntity } from '../dead-letter/dead-letter.entity';
import { InboxMessageEntity } from '../inbox/inbox-message.entity';
import { MESSAGING_MIGRATIONS } from '../outbox-claims.migration';
import { addToOutbox } from './outbox';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A bus that records what it was asked to publish, confirming after a short, varying delay. */
function recordingBus(published: string[]): MessageBus {
  return {
    publish: async (envelope: Envelope) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      published.push(envelope.id);
    },
  } as unknown as MessageBus;
}

const until = async (cond: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Two replicas of a service share one PostgreSQL schema and so one outbox: each row goes out once. */
describe('outbox relays of two replicas over one PostgreSQL database', () => {
  const schema = `outbox_${process.pid}_${Date.now().toString(36)}`;
  const sources: DataSource[] = [];
  const relays: OutboxRelay[] = [];
  const timers: NodeJS.Timeout[] = [];
  const open = async () => {
    const ds = await openServiceDatabase({
      service: 'relay-test',
      database: { type: 'postgres', url: POSTGRES_URL, schema },
      entities: [OutboxMessageEntity, InboxMessageEntity, DeadLetterEntity],
      migrations: MESSAGING_MIGRATIONS,
    });
    sources.push(ds);
    return new TransactionRunner(ds);
  };

  afterAll(async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.all(relays.map((r) => r.stop(0)));
    await sources[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    for (const ds of sources) await ds.destroy();
  });

  it('publishes each of 2,000 rows exactly once while both relays run, and a row claimed by a dead relay after its claim runs out', async () => {
    const [a, b] = [await open(), await open()];
    const published: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const batch = Array.from({ length: 100 }, (_, j) => createEnvelope('email.received', { n: i * 100 + j }, { producer: 'relay-test' }));
      ids.push(...batch.map((e) => e.id));
      await a.run((m) => addToOutbox(m, ...batch));
    }
    const pair = [new OutboxRelay(a, recordingBus(published), { intervalMs: 20, batchSize: 50 }), new OutboxRelay(b, recordingBus(published), { intervalMs: 20, batchSize: 50 })];
    relays.push(...pair);
    for (const relay of pair) relay.start();
    await until(async () => (await a.read((m) => m.count(OutboxMessageEntity, { where: { sentAt: IsNull() } }))) === 0);
    await Promise.all(pair.map((r) => r.stop()));
    expect(published).toHaveLength(2_000);
    expect(new Set(published)).toEqual(new Set(ids));

    // A relay that claimed a row and died: another publishes it once the claim has run out.
    const orphan = createEnvelope('email.received', { orphan: true }, { producer: 'relay-test' });
    // (Rows are written when the unit of work commits, so the claim is a unit of its own.)
    await a.run((m) => addToOutbox(m, orphan));
    await a.run((m) => m.update(OutboxMessageEntity, { id: orphan.id }, { claimedUntil: new Date(Date.now() + 300).toISOString() }));
    const late: string[] = [];
    const survivor = new OutboxRelay(b, recordingBus(late), { intervalMs: 20 });
    relays.push(survivor);
    // Not start(): a starting relay releases every claim; this one only runs passes, like a replica already running.
    (survivor as unknown as { stopped: boolean }).stopped = false;
    const timer = setInterval(() => survivor.kick(), 20);
    timers.push(timer);
    await new Promise((r) => setTimeout(r, 150));
    expect(late).toEqual([]);
    await until(async () => late.length === 1, 5_000);
    clearInterval(timer);
    await survivor.stop();
    expect(late).toEqual([orphan.id]);
  });
});
