import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_NOTIFIER_SETTINGS } from '@orgo/config';
import { type Envelope, type TaskEventV1, createEnvelope } from '@orgo/contracts';
import { BUILTIN_PROFILES, type OrganizationModel } from '@orgo/domain';
import { OutboxMessageEntity } from '@orgo/messaging';
import { SAMPLE_CONTEXTS, TemplateRenderer } from '@orgo/notifications';
import { TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { type ServiceContext, serviceDataSourceOptions } from '@orgo/runtime';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import type { DeliveryWorker } from '../delivery/delivery-worker.service';
import { NotificationOutcomes } from '../delivery/notification-outcomes';
import { NOTIFIER_STORAGE } from '../notifier.module';
import { NotificationPreferenceEntity } from '../preferences/notification-preference.entity';
import { NotificationEntity } from './notification.entity';
import { NotificationService } from './notification.service';

const logger = pino({ level: 'silent' });
const model = {
  slug: 'northside',
  name: 'Northside School',
  timezone: 'UTC',
  parameters: { ...BUILTIN_PROFILES.hospital, notification_scope: 'team' },
  positions: [
    { id: '1', level: 1, role: null, title: 'Principal', holders: ['principal@northside.example'] },
    { id: '1001.Ops.Maintenance', level: 1001, role: 'Ops.Maintenance', title: 'Technician', holders: ['tech1@northside.example', 'tech2@northside.example'] },
  ],
  people: [
    { email: 'tech1@northside.example', name: 'Tess', phone: '+15550100', notify: { channels: ['email', 'sms', 'in_app'], digest: 'immediate' } },
    { email: 'tech2@northside.example', name: 'Tom', notify: { channels: ['sms'], digest: 'immediate', quietHours: '00:00-23:59' } },
  ],
  roles: [],
} as unknown as OrganizationModel;

/** What the consumer queues for a task event, in one transaction, before any delivery. */
describe('NotificationService (queueing notifications for task events)', () => {
  let ds: DataSource;
  let tx: TransactionRunner;
  let service: NotificationService;
  let wakes = 0;
  const now = new Date('2026-11-24T12:00:00.000Z');

  beforeEach(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-notify-queue-'));
    ds = await openServiceDatabase(serviceDataSourceOptions('notifier', { type: 'sqlite', path: path.join(dir, 'notifier.sqlite') }, NOTIFIER_STORAGE));
    tx = new TransactionRunner(ds);
    const context = { config: { organizations: [model], templateDirs: { organization: {}, domain: {} }, base: { timezone: 'UTC' } } } as unknown as ServiceContext;
    const worker = { wakeAfterCommit: () => wakes++ } as unknown as DeliveryWorker;
    service = new NotificationService(context, DEFAULT_NOTIFIER_SETTINGS, () => now, logger, worker, new NotificationOutcomes(logger), new TemplateRenderer({}, []));
  });

  afterEach(() => ds.destroy());

  const created = (data: Record<string, unknown> = {}, task: Partial<TaskEventV1['task']> = {}): Envelope<TaskEventV1> =>
    createEnvelope('task.maintenance.created', {
      task: { ...SAMPLE_CONTEXTS.assigned.task, ...task },
      event: { id: 'e-1', type: 'created', at: now.toISOString(), actor: 'task-service', data },
      assigneeHolders: ['tech1@northside.example', 'tech2@northside.example'],
      previous: null,
      organizationName: 'Northside School',
    }, { producer: 'task-service', organizationId: 'northside' });
  const handle = (envelope: Envelope) => tx.run((m) => service.handleTaskEvent(envelope, m));
  const rows = () => ds.manager.find(NotificationEntity, { order: { seq: 'ASC' } });

  it('queues one notification per person and chosen channel, once even when the event comes again', async () => {
    const envelope = created();
    expect(await handle(envelope)).toBe('processed');
    expect(await handle(envelope)).toBe('skipped');
    const queued = await rows();
    expect(queued.map((r) => [r.person, r.channel, r.recipient, r.status, r.held])).toEqual([
      ['tech1@northside.example', 'email', 'tech1@northside.example', 'queued', null],
      ['tech1@northside.example', 'sms', '+15550100', 'queued', null],
      ['tech1@northside.example', 'in_app', 'tech1@northside.example', 'queued', null],
      // tech2 chose SMS but has no phone: email instead, held for their quiet hours (till 23:59 UTC).
      ['tech2@northside.example', 'email', 'tech2@northside.example', 'queued', 'quiet_hours'],
    ]);
    expect(queued[3].nextAttemptAt).toBe('2026-11-24T23:59:00.000Z');
    expect(queued[0]).toMatchObject({ subject: '[NS-1042 · 1001.81.Ops.Maintenance] Water leak in room 102', taskKey: 'NS-1042', purpose: 'assigned', nextAttemptAt: now.toISOString() });
    expect(queued[0].mail).toEqual({
      from: '"Northside School via Orgo" <maintenance@northside.example>',
      replyTo: 'maintenance@northside.example',
      messageId: `<orgo.${SAMPLE_CONTEXTS.assigned.task.id}.${queued[0].id}@orgo.local>`,
      inReplyTo: null,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Orgo-Origin': 'notifier', 'X-Orgo-Task': 'NS-1042', 'X-Orgo-Label': '1001.81.Ops.Maintenance' },
    });
    expect(queued[1]).toMatchObject({ subject: '', mail: null, body: expect.stringContaining('NS-1042') });
    expect(wakes).toBe(1);
  });

  it('sends critical tasks at once whatever the quiet hours, and applies saved preferences', async () => {
    await ds.manager.insert(NotificationPreferenceEntity, { organization: 'northside', email: 'tech1@northside.example', channels: ['in_app'], quietHours: null, digest: 'daily', updatedAt: now.toISOString() });
    await handle(created({}, { priority: 'critical' }));
    expect((await rows()).map((r) => [r.person, r.channel, r.held])).toEqual([
      ['tech1@northside.example', 'in_app', null],
      ['tech2@northside.example', 'email', null],
    ]);
  });

  it('acknowledges the reporter in the thread of their message, as an automatic reply', async () => {
    await handle(created({ acknowledgement: { send: true, template: 'acknowledgement' } }));
    const [ack] = (await rows()).filter((r) => r.purpose === 'acknowledgement');
    expect(ack).toMatchObject({ person: 'secretary@northside.example', channel: 'email', held: null, subject: '[NS-1042 · 1001.81.Ops.Maintenance] Received: Water leak in room 102' });
    expect(ack.mail).toMatchObject({ inReplyTo: '<CAF1042@mail.northside.example>', replyTo: 'maintenance@northside.example', headers: expect.objectContaining({ 'Auto-Submitted': 'auto-replied' }) });
  });

  it('records a failed notification and says why when nobody holds the position', async () => {
    const envelope = created({}, { assignee: { position: '1001.Ops.Empty', person: null } });
    (envelope.payload as TaskEventV1).assigneeHolders = [];
    await handle(envelope);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'failed', recipient: '', lastError: 'position 1001.Ops.Empty has no holders to notify' })]);
    const outbox = await ds.manager.find(OutboxMessageEntity);
    expect(outbox.map((o) => o.routingKey)).toEqual(['notification.failed']);
  });
});
