import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { NotifierSettings } from '@orgo/config';
import { DEFAULT_NOTIFIER_SETTINGS } from '@orgo/config';
import { OutboxMessageEntity } from '@orgo/messaging';
import { TemplateRenderer } from '@orgo/notifications';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type ServiceContext, serviceDataSourceOptions } from '@orgo/runtime';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import { NotifierSchema1732406400006 } from '../migrations/1732406400006-notifier-schema';
import { NOTIFIER_STORAGE } from '../notifier.module';
import { NotificationListService } from '../rpc/notification-list.service';
import { NotificationEntity } from '../notifications/notification.entity';
import type { ChannelSender } from '../transports/channel-sender';
import { DeliveryError } from '../transports/delivery-error';
import { DeliveryWorker, LEASE_MS } from './delivery-worker.service';
import { DigestAssembler } from './digest-assembler';
import { NotificationOutcomes, notificationFailures } from './notification-outcomes';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const logger = pino({ level: 'silent' });
const context = { config: { organizations: [], templateDirs: { organization: {}, domain: {} } } } as unknown as ServiceContext;

function databases(): [string, () => DatabaseOptions][] {
  const schema = () => `notif_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  return [
    ['SQLite', () => ({ type: 'sqlite', path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-notifier-')), 'notifier.sqlite') })],
    ['PostgreSQL', () => ({ type: 'postgres', url: POSTGRES_URL, schema: schema() })],
  ];
}

/** A sender that records what it sent and answers with what the test scripts per row. */
class ScriptedSender {
  readonly sent: string[] = [];
  constructor(private readonly answer: (row: NotificationEntity, attempt: number) => Error | null = () => null) {}
  async send(row: NotificationEntity) {
    await new Promise((r) => setTimeout(r, 5));
    const error = this.answer(row, this.sent.filter((id) => id === row.id).length + 1);
    this.sent.push(row.id);
    if (error) throw error;
    return { file: null };
  }
}

function queued(n: number, over: Partial<NotificationEntity> = {}): NotificationEntity {
  return Object.assign(new NotificationEntity(), {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    organization: 'northside',
    taskId: '10000000-0000-4000-8000-000000000001',
    taskKey: `NS-${n}`,
    taskLabel: '1001.81.Ops.Maintenance',
    taskTitle: `Task ${n}`,
    purpose: 'assigned',
    channel: 'in_app',
    recipient: 'jane@northside.example',
    person: 'jane@northside.example',
    position: null,
    subject: `[NS-${n}] Task ${n}`,
    body: 'body',
    mail: null,
    status: 'queued',
    held: null,
    attempts: 0,
    nextAttemptAt: '2026-11-24T10:00:00.000Z',
    leaseUntil: null,
    lastError: null,
    digestId: null,
    file: null,
    causeId: null,
    correlationId: null,
    createdAt: '2026-11-24T10:00:00.000Z',
    sentAt: null,
    ...over,
  });
}

describe.each(databases())('notification delivery (%s)', (_name, database) => {
  let ds: DataSource;
  let tx: TransactionRunner;
  let now: Date;
  const clock = () => now;

  const worker = (sender: ScriptedSender, settings: Partial<NotifierSettings> = {}) => {
    const all = { ...DEFAULT_NOTIFIER_SETTINGS, ...settings };
    const outcomes = new NotificationOutcomes(logger);
    const digests = new DigestAssembler(tx, outcomes, context, all, clock, logger, new TemplateRenderer({}, []));
    return new DeliveryWorker(tx, ds, sender as unknown as ChannelSender, outcomes, digests, all, clock, logger);
  };
  const row = (id: string) => ds.manager.findOneOrFail(NotificationEntity, { where: { id } });
  const events = async () => (await ds.manager.find(OutboxMessageEntity)).map((o) => ({ type: o.routingKey, payload: (JSON.parse(o.envelope) as { payload: Record<string, unknown> }).payload }));

  beforeEach(async () => {
    now = new Date('2026-11-24T10:00:00.000Z');
    ds = await openServiceDatabase(serviceDataSourceOptions('notifier', database(), NOTIFIER_STORAGE));
    tx = new TransactionRunner(ds);
  });

  afterEach(async () => {
    const schema = (ds.options as { schema?: string }).schema;
    if (schema) await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('sends each due row once even with two workers claiming at the same time', async () => {
    await ds.manager.insert(NotificationEntity, Array.from({ length: 40 }, (_, i) => queued(i + 1)));
    const a = new ScriptedSender();
    const b = new ScriptedSender();
    await Promise.all([worker(a).deliverDue(), worker(b).deliverDue()]);
    const sent = [...a.sent, ...b.sent].sort();
    expect(sent).toHaveLength(40);
    expect(new Set(sent).size).toBe(40);
    expect(await ds.manager.countBy(NotificationEntity, { status: 'sent', attempts: 1 })).toBe(40);
    expect((await events()).filter((e) => e.type === 'notification.sent')).toHaveLength(40);
  });

  it('retries a refused attempt after the first delay, then records it sent', async () => {
    await ds.manager.insert(NotificationEntity, queued(1));
    const sender = new ScriptedSender((_row, attempt) => (attempt === 1 ? new DeliveryError('the SMTP server refused the mail: 451 try later', false) : null));
    const w = worker(sender, { retryDelaysMs: [1000, 5000] });
    await w.deliverDue();
    expect(await row(queued(1).id)).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: '2026-11-24T10:00:01.000Z', lastError: expect.stringContaining('451'), leaseUntil: null });
    expect(await w.deliverDue()).toBe(0);
    now = new Date('2026-11-24T10:00:01.000Z');
    await w.deliverDue();
    expect(await row(queued(1).id)).toMatchObject({ status: 'sent', attempts: 2, nextAttemptAt: null, lastError: null, sentAt: '2026-11-24T10:00:01.000Z' });
    expect((await events()).map((e) => e.type)).toEqual(['notification.sent']);
  });

  it('fails at once on a permanent refusal (fail_fast), alerts and emits the failure with the attempts (a broadcast tier: notification.broadcast.failed)', async () => {
    await ds.manager.insert(NotificationEntity, queued(1, { position: '11.Ops' }));
    const before = (await notificationFailures.get()).values.reduce((n, v) => n + v.value, 0);
    await worker(new ScriptedSender(() => new DeliveryError('the SMTP server refused the mail: 550 no such user', true))).deliverDue();
    expect(await row(queued(1).id)).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null, lastError: expect.stringContaining('550') });
    expect(await events()).toEqual([
      { type: 'notification.broadcast.failed', payload: expect.objectContaining({ notificationId: queued(1).id, attempts: 1, error: expect.stringContaining('550'), position: '11.Ops', recipients: ['jane@northside.example'] }) },
    ]);
    expect((await notificationFailures.get()).values.reduce((n, v) => n + v.value, 0)).toBe(before + 1);
  });

  it('spends the retries on a permanent refusal when told to retry, then fails', async () => {
    await ds.manager.insert(NotificationEntity, queued(1));
    const w = worker(new ScriptedSender(() => new DeliveryError('550 no', true)), { retryDelaysMs: [1000], failFastOnPermanent: false });
    await w.deliverDue();
    expect(await row(queued(1).id)).toMatchObject({ status: 'queued', attempts: 1 });
    now = new Date('2026-11-24T10:00:01.000Z');
    await w.deliverDue();
    expect(await row(queued(1).id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('leaves a leased row alone until its lease ends, then retries it (a crashed send)', async () => {
    await ds.manager.insert(NotificationEntity, queued(1, { leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() }));
    const sender = new ScriptedSender();
    await worker(sender).deliverDue();
    expect(sender.sent).toEqual([]);
    now = new Date(now.getTime() + LEASE_MS);
    await worker(sender).deliverDue();
    expect(sender.sent).toEqual([queued(1).id]);
    expect(await row(queued(1).id)).toMatchObject({ status: 'sent' });
  });

  it('gathers held notifications into one digest per recipient and channel, and settles them with it', async () => {
    await ds.manager.insert(NotificationEntity, [
      queued(1, { channel: 'email', held: 'digest', nextAttemptAt: '2026-11-24T11:00:00.000Z' }),
      queued(2, { channel: 'email', held: 'digest', nextAttemptAt: '2026-11-24T11:00:00.000Z', purpose: 'escalated' }),
      queued(3, { channel: 'email', held: 'digest', nextAttemptAt: '2026-11-24T11:00:00.000Z', person: 'joe@northside.example', recipient: 'joe@northside.example' }),
    ]);
    const sender = new ScriptedSender();
    const w = worker(sender);
    await w.deliverDue();
    expect(sender.sent).toEqual([]);
    now = new Date('2026-11-24T11:00:00.000Z');
    await w.deliverDue();
    const digests = await ds.manager.find(NotificationEntity, { where: { purpose: 'digest' }, order: { recipient: 'ASC' } });
    expect(digests.map((d) => [d.recipient, d.status])).toEqual([['jane@northside.example', 'sent'], ['joe@northside.example', 'sent']]);
    expect(digests[0].subject).toContain('2 task notifications');
    expect(digests[0].body).toContain('NS-1 · 1001.81.Ops.Maintenance  Task 1');
    expect(digests[0].body).toContain('NS-2');
    expect(sender.sent.sort()).toEqual(digests.map((d) => d.id).sort());
    expect(await row(queued(1).id)).toMatchObject({ status: 'sent', digestId: digests[0].id, sentAt: '2026-11-24T11:00:00.000Z' });
    expect(await row(queued(3).id)).toMatchObject({ status: 'sent', digestId: digests[1].id });
  });
});

describe.each(databases())('the notification list (%s)', (_name, database) => {
  let ds: DataSource;
  let list: NotificationListService;

  beforeAll(async () => {
    ds = await openServiceDatabase(serviceDataSourceOptions('notifier', database(), NOTIFIER_STORAGE));
    list = new NotificationListService(new TransactionRunner(ds));
    await ds.manager.insert(NotificationEntity, [
      queued(1, { status: 'sent' }),
      queued(2, { organization: 'district' }),
      queued(3, { status: 'failed', lastError: '550 no', person: 'joe@northside.example', recipient: 'joe@northside.example' }),
      queued(4, { channel: 'email', status: 'sent' }),
      queued(5, { taskId: '10000000-0000-4000-8000-000000000002' }),
    ]);
  });

  afterAll(async () => {
    const schema = (ds.options as { schema?: string }).schema;
    if (schema) await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  const keys = (r: { items: { task_key: string | null }[] }) => r.items.map((i) => i.task_key);
  const base = { recipient: null, scope: null, limit: 50, offset: 0 };

  it("lists a person's notifications in the caller's organizations, newest first, with totals and filters", async () => {
    expect(keys(await list.list({ ...base, recipient: 'Jane@northside.example', scope: ['northside'] }))).toEqual(['NS-5', 'NS-4', 'NS-1']);
    expect(await list.list({ ...base, scope: ['northside'], status: 'failed' })).toMatchObject({ total: 1, items: [{ task_key: 'NS-3', status: 'failed', last_error: '550 no', recipient: 'joe@northside.example' }] });
    expect(keys(await list.list({ ...base, channel: 'email' }))).toEqual(['NS-4']);
    expect(keys(await list.list({ ...base, task_id: '10000000-0000-4000-8000-000000000002' }))).toEqual(['NS-5']);
    expect(await list.list({ ...base, limit: 2, offset: 1 })).toMatchObject({ total: 5, limit: 2, offset: 1, items: [{ task_key: 'NS-4' }, { task_key: 'NS-3' }] });
    expect(await list.list({ ...base, scope: [] })).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
  });

  it('answers only newer notifications, oldest first, after a cursor', async () => {
    const all = await list.list({ ...base });
    const cursorOf = (key: string) => all.items.find((i) => i.task_key === key)!.cursor;
    expect(keys(await list.list({ ...base, after: cursorOf('NS-2') }))).toEqual(['NS-3', 'NS-4', 'NS-5']);
    expect(keys(await list.list({ ...base, after: cursorOf('NS-5') }))).toEqual([]);
  });

  it('refuses a bad cursor or limit with a clear error', async () => {
    await expect(list.list({ ...base, after: 'yesterday' })).rejects.toMatchObject({ code: 'NOTIFICATION.INVALID_QUERY', message: expect.stringContaining("after must be a cursor from an earlier answer") });
    await expect(list.list({ ...base, limit: 0 })).rejects.toMatchObject({ code: 'NOTIFICATION.INVALID_QUERY', message: expect.stringContaining('limit must be a whole number from 1 to 500') });
  });
});

describe.each(databases())('the notifications table migration (%s)', (_name, database) => {
  it('keeps the notifications of the first table readable', async () => {
    const options = database();
    const first = await openServiceDatabase(serviceDataSourceOptions('notifier', options, { entities: [], migrations: [NotifierSchema1732406400006] }));
    const schema = (first.options as { schema?: string }).schema;
    const table = schema ? `"${schema}"."notifications"` : '"notifications"';
    await first.query(
      `INSERT INTO ${table} (id, organization, task_id, task_key, purpose, channel, recipients, subject, status, attempts, file, error, created_at, sent_at) VALUES ('00000000-0000-4000-8000-000000000009', 'northside', '10000000-0000-4000-8000-000000000001', 'NS-9', 'assigned', 'email', '["a@northside.example","b@northside.example"]', '[NS-9] Leak', 'sent', 1, '/tmp/x.eml', NULL, '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:01.000Z')`,
    );
    await first.destroy();
    const ds = await openServiceDatabase(serviceDataSourceOptions('notifier', options, NOTIFIER_STORAGE));
    try {
      const rows = await ds.manager.find(NotificationEntity);
      expect(rows).toEqual([
        expect.objectContaining({ id: '00000000-0000-4000-8000-000000000009', taskKey: 'NS-9', recipient: 'a@northside.example, b@northside.example', status: 'sent', attempts: 1, file: '/tmp/x.eml', sentAt: '2026-11-20T10:00:01.000Z', seq: expect.any(Number) }),
      ]);
      await ds.manager.insert(NotificationEntity, queued(1));
      const seqs = (await ds.manager.find(NotificationEntity, { order: { seq: 'ASC' } })).map((r) => r.id);
      expect(seqs).toEqual(['00000000-0000-4000-8000-000000000009', queued(1).id]);
    } finally {
      if (schema) await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await ds.destroy();
    }
  });
});
