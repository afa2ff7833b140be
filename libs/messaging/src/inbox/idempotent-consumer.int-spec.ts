import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type Envelope, createEnvelope } from '@orgo/contracts';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type DataSource, type EntityManager, In } from 'typeorm';

import type { HandlerOutcome } from '../bus/message-bus';
import { DeadLetterEntity } from '../dead-letter/dead-letter.entity';
import { MESSAGING_MIGRATIONS } from '../outbox-claims.migration';
import { addToOutbox } from '../outbox/outbox';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { consumeBatchOnce, consumeOnce } from './idempotent-consumer';
import { InboxMessageEntity } from './inbox-message.entity';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const message = (n: number) =>
  createEnvelope('email.parsed', { n }, { producer: 'inbox-test', organizationId: 'northside' });

const ENGINES: [string, () => DatabaseOptions][] = [
  [
    'PostgreSQL',
    () => ({
      type: 'postgres',
      url: POSTGRES_URL,
      schema: `inbox_${process.pid}_${Date.now().toString(36)}`,
    }),
  ],
  [
    'SQLite',
    () => ({
      type: 'sqlite',
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-inbox-')), 'inbox.sqlite'),
    }),
  ],
];

describe.each(ENGINES)('consuming a batch once on %s', (_engine, database) => {
  const options = database();
  let ds: DataSource;
  let tx: TransactionRunner;
  let consumer: string;
  let consumers = 0;

  const inboxOf = (ids: string[], who = consumer) =>
    tx.read((m) =>
      m.find(InboxMessageEntity, {
        where: { consumer: who, messageId: In(ids) },
        order: { routingKey: 'ASC' },
      }),
    );

  /**
   * A handler that records what it was called for and, as a real one would, has effects: an event in
   * the outbox (buffered until commit) and a row written at once (a dead letter stands in for any table).
   */
  const recordingHandler = (
    outcomeOf: (e: Envelope) => Exclude<HandlerOutcome, 'duplicate'> = () => 'processed',
  ) => {
    const handled: string[] = [];
    const handle = async (envelope: Envelope, manager: EntityManager) => {
      handled.push(envelope.id);
      await addToOutbox(
        manager,
        createEnvelope(`task.${consumer}.created`, { from: envelope.id }, { producer: 'inbox-test' }),
      );
      await manager.insert(DeadLetterEntity, {
        id: randomUUID(),
        queue: consumer,
        routingKey: envelope.type,
        envelope: envelope.id,
        error: 'an effect of the handler',
        attempts: 1,
        createdAt: new Date().toISOString(),
      });
      return outcomeOf(envelope);
    };
    return { handled, handle };
  };

  /** How many effects of `ids` this test's consumer committed: [outbox events, direct writes]. */
  const effectsOf = (ids: string[]) =>
    tx.read(async (m) => [
      await m.count(OutboxMessageEntity, { where: { routingKey: `task.${consumer}.created` } }),
      await m.count(DeadLetterEntity, { where: { queue: consumer, envelope: In(ids) } }),
    ]);

  beforeAll(async () => {
    ds = await openServiceDatabase({
      service: 'inbox-test',
      database: options,
      entities: [OutboxMessageEntity, InboxMessageEntity, DeadLetterEntity],
      migrations: MESSAGING_MIGRATIONS,
    });
    tx = new TransactionRunner(ds);
  });

  beforeEach(() => {
    consumer = `consumer-${++consumers}`;
  });

  afterAll(async () => {
    if (ds) {
      if (options.type === 'postgres') await ds.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
      await ds.destroy();
    }
    if (options.type === 'sqlite') fs.rmSync(path.dirname(options.path), { recursive: true, force: true });
  });

  it('handles a message delivered twice in one batch once: processed, then duplicate', async () => {
    const [a, b] = [message(1), message(2)];
    const { handled, handle } = recordingHandler((e) => (e.id === b.id ? 'skipped' : 'processed'));

    expect(await consumeBatchOnce(tx, consumer, [a, b, a, a], handle)).toEqual([
      'processed',
      'skipped',
      'duplicate',
      'duplicate',
    ]);
    expect(handled).toEqual([a.id, b.id]);
    expect(await effectsOf([a.id, b.id])).toEqual([2, 2]);
    const rows = await inboxOf([a.id, b.id]);
    expect(rows.map((r) => [r.messageId, r.routingKey, r.outcome]).sort()).toEqual(
      [
        [a.id, 'email.parsed', 'processed'],
        [b.id, 'email.parsed', 'skipped'],
      ].sort(),
    );

    // Delivered again later, alone or in a batch: nothing runs twice.
    expect(await consumeOnce(tx, consumer, a, async () => 'processed')).toBe('duplicate');
    expect(await consumeBatchOnce(tx, consumer, [b, a], handle)).toEqual(['duplicate', 'duplicate']);
    expect(handled).toEqual([a.id, b.id]);
    expect(await effectsOf([a.id, b.id])).toEqual([2, 2]);
  });

  it('returns duplicate for the messages of a batch handled before, without calling the handler for them', async () => {
    const before = [message(1), message(2)];
    const fresh = [message(3), message(4)];
    await consumeOnce(tx, consumer, before[0], async () => 'processed');
    await consumeBatchOnce(tx, consumer, [before[1]], async () => 'processed');

    const { handled, handle } = recordingHandler();
    const outcomes = await consumeBatchOnce(tx, consumer, [fresh[0], before[0], fresh[1], before[1]], handle);
    expect(outcomes).toEqual(['processed', 'duplicate', 'processed', 'duplicate']);
    expect(handled).toEqual(fresh.map((e) => e.id));
    expect(await inboxOf([...before, ...fresh].map((e) => e.id))).toHaveLength(4);

    // Another consumer's inbox is its own: it handles all of them.
    const other = recordingHandler();
    expect(await consumeBatchOnce(tx, `${consumer}-other`, [...before, ...fresh], other.handle)).toEqual(
      Array(4).fill('processed'),
    );
    expect(other.handled).toEqual([...before, ...fresh].map((e) => e.id));
  });

  it('leaves no inbox row and no effect of a batch whose handler fails, so the messages are handled again', async () => {
    const earlier = message(0);
    await consumeOnce(tx, consumer, earlier, async () => 'processed');
    const batch = [message(1), message(2), message(3)];
    const ids = batch.map((e) => e.id);
    const { handled, handle } = recordingHandler();
    const failing = async (envelope: Envelope, manager: EntityManager) => {
      const outcome = await handle(envelope, manager);
      if (envelope.id === batch[2].id) throw new Error('transient');
      return outcome;
    };

    await expect(
      consumeBatchOnce(tx, consumer, [batch[0], earlier, batch[1], batch[2]], failing),
    ).rejects.toThrow('transient');
    expect(handled).toEqual(ids);
    expect(await inboxOf(ids)).toEqual([]);
    expect(await effectsOf(ids)).toEqual([0, 0]);
    // What was committed before stays.
    expect(await inboxOf([earlier.id])).toHaveLength(1);

    // Redelivered (the caller handles a failed batch message by message): each runs and commits once.
    const retry = recordingHandler();
    for (const e of batch)
      expect(await consumeBatchOnce(tx, consumer, [e], retry.handle)).toEqual(['processed']);
    expect(retry.handled).toEqual(ids);
    expect(await inboxOf(ids)).toHaveLength(3);
    expect(await effectsOf(ids)).toEqual([3, 3]);
  });

  it('refuses a batch with a malformed envelope before handling any of it', async () => {
    const { handled, handle } = recordingHandler();
    const good = message(1);
    await expect(
      consumeBatchOnce(tx, consumer, [good, { ...message(2), id: '' }], handle),
    ).rejects.toMatchObject({ code: 'BUS.MALFORMED' });
    expect(handled).toEqual([]);
    expect(await inboxOf([good.id])).toEqual([]);
  });

  it('handles a batch larger than one statement of inbox rows may carry, and finds all of it on redelivery', async () => {
    const batch = Array.from({ length: 6_500 }, (_, i) => message(i));
    const handled: string[] = [];
    const handle = async (e: Envelope) => (handled.push(e.id), 'processed' as const);

    const outcomes = await consumeBatchOnce(tx, consumer, batch, handle);
    expect(outcomes.every((o) => o === 'processed')).toBe(true);
    expect(handled).toHaveLength(6_500);
    expect(await tx.read((m) => m.count(InboxMessageEntity, { where: { consumer } }))).toBe(6_500);

    const again = await consumeBatchOnce(tx, consumer, [message(-1), ...batch], handle);
    expect(again[0]).toBe('processed');
    expect(again.slice(1).every((o) => o === 'duplicate')).toBe(true);
    expect(handled).toHaveLength(6_501);
  });
});
