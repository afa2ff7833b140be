import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { AUDIT_OUTCOMES_MAX, createEnvelope } from '@orgo/contracts';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import type { DataSource } from 'typeorm';

import { AuditIntegrity1764806400000 } from '../migrations/1764806400000-audit-integrity';
import { AuditLogSchema1732406400007 } from '../migrations/1732406400007-audit-log-schema';
import { AuditLookupIndexes1764979200000 } from '../migrations/1764979200000-audit-lookup-indexes';
import { DEFAULT_AUDIT_SETTINGS } from '../settings/audit-settings';
import { AuditChainService } from './audit-chain.service';
import { testRing } from './audit-chain.test-support';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';
import { AuditService } from './audit.service';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const ENGINES: [string, () => DatabaseOptions][] = [
  ['PostgreSQL', () => ({ type: 'postgres', url: POSTGRES_URL, schema: `audit_outcomes_${process.pid}_${Date.now().toString(36)}` })],
  ['SQLite', () => ({ type: 'sqlite', path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-audit-outcomes-')), 'audit.sqlite') })],
];

describe.each(ENGINES)('the outcomes of imported emails in the audit trail on %s', (_engine, database) => {
  const options = database();
  const ring = testRing(['a1']);
  let now = Date.parse('2026-11-24T10:00:00.000Z');
  const clock = () => new Date((now += 1000));
  let ds: DataSource;
  let audit: AuditService;

  beforeAll(async () => {
    ds = await openServiceDatabase({
      service: 'audit-log',
      database: options,
      entities: [AuditCheckpointEntity, AuditEntryEntity, AuditHeadEntity],
      migrations: [AuditLogSchema1732406400007, AuditIntegrity1764806400000, AuditLookupIndexes1764979200000],
    });
    const tx = new TransactionRunner(ds);
    audit = new AuditService(tx, new AuditChainService(ring, clock, DEFAULT_AUDIT_SETTINGS), ring);
  });

  afterAll(async () => {
    if (ds) {
      if (options.type === 'postgres') await ds.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
      await ds.destroy();
    }
    if (options.type === 'sqlite') fs.rmSync(path.dirname(options.path), { recursive: true, force: true });
  });

  const record = (type: string, correlationId: string, payload: Record<string, unknown>) =>
    new TransactionRunner(ds).run((m) => audit.append(createEnvelope(type, payload, { producer: 'test', correlationId }), m));

  it('answers each email with its outcome entries in trail order, and nothing of the other entries', async () => {
    const [task, rejected, ignored, pending] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await record('email.received', task, { emailId: task, mailbox: 'hello@northside.example', subject: 'Leak' });
    await record('email.parsed', task, { emailId: task, subject: 'Leak' });
    const snapshot = { id: 't-1', key: 'NS-1', label: 'L', status: 'pending', assignee: { position: 'p' }, escalation: { level: 0 }, source: { email_id: task }, reporter: 'r@x.example', sensitive: false };
    await record('task.maintenance.created', task, { task: snapshot, event: { id: 'e', type: 'created', at: 'x', actor: 'r', data: {} }, previous: null, assigneeHolders: [], organizationName: 'N' });
    await record('email.received', rejected, { emailId: rejected, mailbox: 'hello@northside.example' });
    await record('email.rejected', rejected, { emailId: rejected, mailbox: 'hello@northside.example', reason: 'EMAIL.TOO_LARGE', message: 'too large' });
    await record('email.ignored', ignored, { emailId: ignored, mailbox: 'hello@northside.example', rule: 'out-of-office' });
    await record('email.received', pending, { emailId: pending, mailbox: 'hello@northside.example' });

    const { outcomes } = await audit.outcomes({ correlationIds: [task, rejected, ignored, pending, task] });
    expect(outcomes).toEqual({
      [task]: [{ action: 'task.maintenance.created' }],
      [rejected]: [{ action: 'email.rejected', reason: 'EMAIL.TOO_LARGE' }],
      [ignored]: [{ action: 'email.ignored', rule: 'out-of-office' }],
    });
    expect(await audit.outcomes({ correlationIds: [] })).toEqual({ outcomes: {} });
  });

  it('refuses more ids than one request may carry, saying how many it takes', async () => {
    const ids = Array.from({ length: AUDIT_OUTCOMES_MAX + 1 }, () => randomUUID());
    await expect(audit.outcomes({ correlationIds: ids })).rejects.toMatchObject({ code: 'AUDIT.TOO_MANY_IDS', message: expect.stringContaining(`at most ${AUDIT_OUTCOMES_MAX}`) });
  });
});
