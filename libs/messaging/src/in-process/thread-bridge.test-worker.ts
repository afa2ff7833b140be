/**
 * The worker thread of thread-bridge.spec.ts: consumers, a dead-letter store (a real SQLite
 * database) and RPC responders behind a ThreadBus, driven by the spec over `parentPort`.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { type Envelope, createEnvelope } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import type { DataSource } from 'typeorm';

import type { HandlerOutcome } from '../bus/message-bus';
import { databaseDeadLetterSink } from '../dead-letter/dead-letter-store';
import { DeadLetterEntity } from '../dead-letter/dead-letter.entity';
import { InboxMessageEntity } from '../inbox/inbox-message.entity';
import { MESSAGING_MIGRATIONS } from '../outbox-claims.migration';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { ThreadBus } from './thread-bridge';
import { PortPeer } from './thread-port';

/** What a consumer of the spec does with each message. */
export type Behaviour = 'record' | 'hold' | 'flaky' | 'invalid' | 'not-retryable' | 'publish-next';

const { busPort, dbPath } = workerData as { busPort: ConstructorParameters<typeof ThreadBus>[0]; dbPath: string };
const bus = new ThreadBus(busPort);
const control = new PortPeer(parentPort!);
const handled: string[] = [];
const attempts = new Map<string, number>();
const held: (() => void)[] = [];
let dataSource: DataSource | undefined;
let runner: TransactionRunner | undefined;

async function database(): Promise<TransactionRunner> {
  dataSource ??= await openServiceDatabase({
    service: 'thread-bridge-spec',
    database: { type: 'sqlite', path: dbPath },
    entities: [OutboxMessageEntity, InboxMessageEntity, DeadLetterEntity],
    migrations: MESSAGING_MIGRATIONS,
  });
  runner ??= new TransactionRunner(dataSource);
  return runner;
}

async function handle(queue: string, behaviour: Behaviour, envelope: Envelope): Promise<HandlerOutcome> {
  const attempt = (attempts.get(envelope.id) ?? 0) + 1;
  attempts.set(envelope.id, attempt);
  if (behaviour === 'hold') await new Promise<void>((release) => held.push(release));
  if (behaviour === 'flaky' && attempt < 3) throw new OrgoError('TEST.FLAKY', `attempt ${attempt} failed`);
  if (behaviour === 'invalid') throw new OrgoError('TEST.INVALID', 'the payload is wrong', { field: 'n' });
  if (behaviour === 'not-retryable') throw new OrgoError('TEST.BROKEN', 'this can never work', { retryable: false });
  if (behaviour === 'publish-next') {
    await new Promise((r) => setTimeout(r, 5));
    // As the outbox relay does after a commit: published before the handler returns, not awaited.
    void bus.publish(createEnvelope(String((envelope.payload as { next: string }).next), { after: envelope.id }, { producer: 'worker' })).catch(() => undefined);
  }
  handled.push(`${queue}:${envelope.type}:${attempt}`);
  return 'processed';
}

control.handle('consume', async (body) => {
  const { queue, bindings, behaviour, retryDelaysMs } = body as { queue: string; bindings: string[]; behaviour: Behaviour; retryDelaysMs: number[] };
  const tx = await database();
  await bus.declareQueue({ name: queue, bindings, prefetch: 4, retryDelaysMs });
  await bus.consume(queue, (envelope) => handle(queue, behaviour, envelope), databaseDeadLetterSink(tx));
});
control.handle('respond', async () => {
  await bus.respond('rpc.spec.worker-echo', async (payload) => ({ echo: payload, from: 'worker' }));
  await bus.respond('rpc.spec.worker-refuses', async () => {
    throw new OrgoError('TEST.UNKNOWN_ORGANIZATION', 'no such organization', { organization: 'nowhere' });
  });
});
control.handle('ask', (body) => {
  const { name, payload } = body as { name: string; payload: unknown };
  return bus.request(name, payload, 5000);
});
control.handle('publish', (envelope) => bus.publish(envelope as Envelope));
control.handle('release', () => {
  for (const release of held.splice(0)) release();
});
control.handle('held', () => held.length);
control.handle('handled', () => handled);
control.handle('dead-letters', async () =>
  (await database()).run((m) => m.query('SELECT queue, routing_key AS "routingKey", error, attempts FROM dead_letters ORDER BY created_at')),
);
control.handle('close', async () => {
  await bus.close();
  await dataSource?.destroy();
});
