import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type Envelope, createEnvelope } from '@orgo/contracts';
import {
  type DatabaseOptions,
  TransactionRunner,
  bufferUntilCommit,
  createServiceDataSource,
  openServiceDatabase,
} from '@orgo/persistence';
import { type DataSource, In } from 'typeorm';

import type { MessageBus } from '../bus/message-bus';
import { DeadLetterEntity } from '../dead-letter/dead-letter.entity';
import { InboxMessageEntity } from '../inbox/inbox-message.entity';
import { MESSAGING_MIGRATIONS } from '../outbox-claims.migration';
import { addToOutbox } from './outbox';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const until = async (cond: () => Promise<boolean> | boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what}: not reached in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

interface Recording {
  bus: MessageBus;
  /** Ids in the order publish was called (a failed attempt included). */
  calls: string[];
  /** Envelopes the bus confirmed. */
  received: Envelope[];
  /** The ids whose row another connection could not see yet when publish was called for it. */
  uncommitted(): Promise<string[]>;
}

/**
 * A bus that records each publish as it is called, and whether the row was committed by then (looked
 * up from another connection, which sees only committed rows); an id in `failOnce` fails its first attempt.
 */
function recordingBus(
  committed: (id: string) => Promise<boolean>,
  failOnce: Set<string> = new Set(),
): Recording {
  const calls: string[] = [];
  const received: Envelope[] = [];
  const seen: Promise<[string, boolean]>[] = [];
  const bus = {
    publish: async (envelope: Envelope) => {
      calls.push(envelope.id);
      const visible = committed(envelope.id);
      seen.push(visible.then((v) => [envelope.id, v]));
      await visible;
      if (failOnce.delete(envelope.id)) throw new Error('broker unavailable');
      received.push(envelope);
    },
  } as unknown as MessageBus;
  const uncommitted = async () => (await Promise.all(seen)).filter(([, v]) => !v).map(([id]) => id);
  return { bus, calls, received, uncommitted };
}

const event = (n: number) =>
  createEnvelope('task.it.created', { n }, { producer: 'handoff-test', organizationId: 'northside' });
const timesCalled = (calls: string[], id: string) => calls.filter((c) => c === id).length;

const ENGINES: [string, () => DatabaseOptions][] = [
  [
    'PostgreSQL',
    () => ({
      type: 'postgres',
      url: POSTGRES_URL,
      schema: `outbox_handoff_${process.pid}_${Date.now().toString(36)}`,
    }),
  ],
  [
    'SQLite',
    () => ({
      type: 'sqlite',
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-handoff-')), 'outbox.sqlite'),
    }),
  ],
];

describe.each(ENGINES)('outbox rows handed to a started relay on %s', (_engine, database) => {
  const options = database();
  let ds: DataSource;
  let tx: TransactionRunner;
  /** A second connection to the same database: it sees a row only once the row's transaction committed. */
  let observer: DataSource;
  const committed = async (id: string) =>
    (await observer.manager.count(OutboxMessageEntity, { where: { id } })) === 1;
  let relays: OutboxRelay[] = [];
  let errors: { message: string; row?: { id: string; routingKey: string } }[] = [];
  let sentinels = 0;

  const rowsOf = (ids: string[]) => tx.read((m) => m.find(OutboxMessageEntity, { where: { id: In(ids) } }));
  const untilSent = (ids: string[]) =>
    until(
      async () => {
        const rows = await rowsOf(ids);
        return rows.length === ids.length && rows.every((r) => r.sentAt !== null);
      },
      `rows ${ids.join(', ')} sent`,
    );

  /**
   * Asks `relay` for a pass and returns a row only that pass can publish (written outside the runner,
   * so never handed off): once it is sent, a pass has run after this point. Call only while no runner
   * unit is open (SQLite has one connection).
   */
  const aPassPublishes = async (relay: OutboxRelay | null) => {
    const sentinel = createEnvelope('system.sentinel', { n: ++sentinels }, { producer: 'handoff-test' });
    await ds.transaction((m) => addToOutbox(m, sentinel));
    relay?.kick();
    return sentinel;
  };

  /**
   * A relay over a recording bus that never runs a pass by itself (a long interval), so what it
   * publishes came through the hand-off unless a test kicks it; returned once its start-up pass is over.
   */
  const startRelay = async (failOnce?: Set<string>) => {
    const recording = recordingBus(committed, failOnce);
    const relay = new OutboxRelay(tx, recording.bus, {
      intervalMs: 60_000,
      onError: (error, row) => errors.push({ message: error.message, row }),
    });
    relays.push(relay);
    const sentinel = await aPassPublishes(null);
    relay.start();
    await untilSent([sentinel.id]);
    return { relay, ...recording };
  };

  beforeAll(async () => {
    ds = await openServiceDatabase({
      service: 'handoff-test',
      database: options,
      entities: [OutboxMessageEntity, InboxMessageEntity, DeadLetterEntity],
      migrations: MESSAGING_MIGRATIONS,
    });
    tx = new TransactionRunner(ds);
    observer = createServiceDataSource({
      service: 'handoff-observer',
      database: options,
      entities: [OutboxMessageEntity],
      migrations: [],
    });
    await observer.initialize();
  });

  afterEach(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    relays = [];
    errors = [];
  });

  afterAll(async () => {
    if (observer?.isInitialized) await observer.destroy();
    if (ds) {
      if (options.type === 'postgres') await ds.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
      await ds.destroy();
    }
    if (options.type === 'sqlite') fs.rmSync(path.dirname(options.path), { recursive: true, force: true });
  });

  it('publishes the rows of each committed unit once, as it commits, and marks them sent', async () => {
    const { relay, calls, received, uncommitted } = await startRelay();
    const units = [3, 1, 5].map((size, u) => Array.from({ length: size }, (_, i) => event(u * 10 + i)));
    for (const unit of units) {
      await tx.run(async (m) => {
        await addToOutbox(m, unit[0]);
        await addToOutbox(m, ...unit.slice(1));
        // Nothing goes out while the unit may still roll back.
        expect(calls.filter((id) => unit.some((e) => e.id === id))).toEqual([]);
      });
      // Handed over at the commit: on its way before run() resolves, without waiting for a pass.
      expect(calls).toEqual(expect.arrayContaining(unit.map((e) => e.id)));
    }
    const all = units.flat();
    await untilSent(all.map((e) => e.id));

    // A pass after they were sent publishes none of them again.
    await untilSent([(await aPassPublishes(relay)).id]);
    for (const e of all) expect(timesCalled(calls, e.id)).toBe(1);
    expect(received.filter((e) => all.some((a) => a.id === e.id))).toEqual(expect.arrayContaining(all));
    for (const row of await rowsOf(all.map((e) => e.id)))
      expect(row).toMatchObject({ attempts: 0, lastError: null });
    expect(await uncommitted()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('with passes running all the time, still publishes each row of many concurrent units once', async () => {
    const recording = recordingBus(committed);
    const relay = new OutboxRelay(tx, recording.bus, {
      intervalMs: 5,
      batchSize: 7,
      onError: (error, row) => errors.push({ message: error.message, row }),
    });
    relays.push(relay);
    relay.start();
    const units = Array.from({ length: 30 }, (_, u) =>
      Array.from({ length: 10 }, (_, i) => event(u * 100 + i)),
    );
    await Promise.all(units.map((unit) => tx.run((m) => addToOutbox(m, ...unit))));
    const ids = units.flat().map((e) => e.id);
    await untilSent(ids);
    await untilSent([(await aPassPublishes(relay)).id]);
    for (const id of ids) expect(timesCalled(recording.calls, id)).toBe(1);
    expect(await recording.uncommitted()).toEqual([]);
    expect(errors).toEqual([]);
  });

  // Replicas share an outbox only in PostgreSQL (a SQLite file belongs to one process).
  (options.type === 'postgres' ? it : it.skip)(
    "leaves the rows handed to one replica's relay to it while another replica's relay runs passes over the same outbox",
    async () => {
      const replica = createServiceDataSource({
        service: 'handoff-test',
        database: options,
        entities: [OutboxMessageEntity],
        migrations: [],
      });
      await replica.initialize();
      const other = recordingBus(committed);
      const otherRelay = new OutboxRelay(new TransactionRunner(replica), other.bus, {
        intervalMs: 5,
        onError: (error, row) => errors.push({ message: error.message, row }),
      });
      try {
        otherRelay.start();
        // Once the other relay's start is over (a starting relay releases every claim, in flight or not).
        await untilSent([(await aPassPublishes(null)).id]);
        const { calls } = await startRelay();
        const units = Array.from({ length: 20 }, (_, u) =>
          Array.from({ length: 5 }, (_, i) => event(u * 100 + i)),
        );
        await Promise.all(units.map((unit) => tx.run((m) => addToOutbox(m, ...unit))));
        const ids = units.flat().map((e) => e.id);
        await untilSent(ids);
        expect(other.calls.filter((id) => ids.includes(id))).toEqual([]);
        for (const id of ids) expect(timesCalled(calls, id)).toBe(1);
        expect(errors).toEqual([]);
      } finally {
        await otherRelay.stop();
        await replica.destroy();
      }
    },
  );

  it('publishes nothing of a unit that rolls back, nor of one whose outbox rows were written before a later flush failed', async () => {
    const { relay, calls } = await startRelay();
    const thrown = [event(1), event(2)];
    await expect(
      tx.run(async (m) => {
        await addToOutbox(m, ...thrown);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');

    // The outbox buffer is flushed first (it was created first), then the next flush fails: its INSERT rolls back with the unit.
    const flushedThenRolledBack = event(3);
    await expect(
      tx.run(async (m) => {
        await addToOutbox(m, flushedThenRolledBack);
        bufferUntilCommit(
          m,
          'failing-write',
          () => [],
          async () => {
            throw new Error('flush failed');
          },
        );
      }),
    ).rejects.toThrow('flush failed');

    const kept = event(4);
    await tx.run((m) => addToOutbox(m, kept));
    await untilSent([kept.id]);
    await untilSent([(await aPassPublishes(relay)).id]);

    const lost = [...thrown, flushedThenRolledBack].map((e) => e.id);
    expect(calls.filter((id) => lost.includes(id))).toEqual([]);
    expect(await rowsOf(lost)).toEqual([]);
    expect(timesCalled(calls, kept.id)).toBe(1);
  });

  it('publishes a row written outside a runner transaction through a pass, read back from the table', async () => {
    const { relay, calls, received } = await startRelay();
    const outside = event(1);
    await ds.transaction((m) => addToOutbox(m, outside));
    // No hand-off: nobody can tell when that transaction committed. The row waits, unclaimed, for a pass.
    expect(calls).not.toContain(outside.id);
    expect(await rowsOf([outside.id])).toEqual([
      expect.objectContaining({ sentAt: null, claimedUntil: null }),
    ]);

    relay.kick();
    await untilSent([outside.id]);
    expect(timesCalled(calls, outside.id)).toBe(1);
    expect(received.find((e) => e.id === outside.id)).toEqual(outside);
  });

  it('after stop() leaves new rows unsent, and a relay started later publishes them, a unit that straddled the stop included', async () => {
    const first = await startRelay();
    const straddling = event(1);
    let stopping: Promise<void> = Promise.resolve();
    await tx.run(async (m) => {
      await addToOutbox(m, straddling);
      // The relay stops while this unit is open; the unit commits after it.
      stopping = first.relay.stop();
    });
    await stopping;
    const afterStop = [event(2), event(3)];
    await tx.run((m) => addToOutbox(m, ...afterStop));
    const outside = event(4);
    await ds.transaction((m) => addToOutbox(m, outside));

    const ids = [straddling, ...afterStop, outside].map((e) => e.id);
    expect(first.calls.filter((id) => ids.includes(id))).toEqual([]);
    const rows = await rowsOf(ids);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.sentAt).toBeNull();

    // Started long before any claim of the straddling row could run out: the start releases it.
    const second = await startRelay();
    await untilSent(ids);
    for (const id of ids) expect(timesCalled(second.calls, id)).toBe(1);
    expect(first.calls.filter((id) => ids.includes(id))).toEqual([]);
  });

  it('retries a publish that failed at a later pass, handed off or read back', async () => {
    const handedOff = event(1);
    const outside = event(2);
    const { relay, calls } = await startRelay(new Set([handedOff.id, outside.id]));
    const untilFailureRecorded = async (id: string) => {
      await until(async () => {
        const [row] = await rowsOf([id]);
        return relay.pending === 0 && row?.attempts === 1 && row.claimedUntil === null;
      }, `failure of ${id} recorded`);
      // Left unsent and unclaimed: the relay runs no pass by itself, so it waits for the next one.
      expect(await rowsOf([id])).toEqual([
        expect.objectContaining({ sentAt: null, lastError: 'broker unavailable' }),
      ]);
      expect(errors).toContainEqual({
        message: 'broker unavailable',
        row: { id, routingKey: 'task.it.created' },
      });
      expect(timesCalled(calls, id)).toBe(1);
    };

    await tx.run((m) => addToOutbox(m, handedOff));
    await untilFailureRecorded(handedOff.id);
    relay.kick();
    await untilSent([handedOff.id]);
    expect(timesCalled(calls, handedOff.id)).toBe(2);

    await ds.transaction((m) => addToOutbox(m, outside));
    relay.kick();
    await untilFailureRecorded(outside.id);
    relay.kick();
    await untilSent([outside.id]);
    expect(timesCalled(calls, outside.id)).toBe(2);

    for (const row of await rowsOf([handedOff.id, outside.id])) expect(row.attempts).toBe(1);
  });
});
