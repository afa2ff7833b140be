import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import type { DataSource } from 'typeorm';

import { AuditIntegrity1764806400000 } from '../migrations/1764806400000-audit-integrity';
import { AuditLogSchema1732406400007 } from '../migrations/1732406400007-audit-log-schema';
import { DEFAULT_AUDIT_SETTINGS } from '../settings/audit-settings';
import { auditChainMetrics } from './audit-chain.metrics';
import { AuditChainService, type NewAuditEntry } from './audit-chain.service';
import { testRing } from './audit-chain.test-support';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';

const broken = async () =>
  Object.fromEntries((await auditChainMetrics.broken.get()).values.map((v) => [v.labels.category, v.value]));

/** `orgo_audit_chain_broken{category}` follows what the chain service finds of each signed head (SQLite). */
describe('orgo_audit_chain_broken', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-audit-metrics-'));
  let ds: DataSource;
  let tx: TransactionRunner;
  const chain = new AuditChainService(testRing(['a1']), () => new Date(), DEFAULT_AUDIT_SETTINGS);

  const entry = (category: string): NewAuditEntry => ({
    id: randomUUID(),
    category,
    organization: 'northside',
    action: `${category}.it.happened`,
    actor: 'audit-test',
    messageId: randomUUID(),
    correlationId: randomUUID(),
    taskId: null,
    emailId: null,
    label: null,
    details: {},
  });

  beforeAll(async () => {
    ds = await openServiceDatabase({
      service: 'audit-log',
      database: { type: 'sqlite', path: path.join(dir, 'audit.sqlite') },
      entities: [AuditCheckpointEntity, AuditEntryEntity, AuditHeadEntity],
      migrations: [AuditLogSchema1732406400007, AuditIntegrity1764806400000],
    });
    tx = new TransactionRunner(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is 0 for every category from the start, 1 for a chain whose head went missing, 0 again once it is restored', async () => {
    expect(await broken()).toEqual({ task: 0, email: 0, workflow: 0, security: 0, system: 0 });
    await tx.run(async (m) => {
      await chain.append(m, entry('task'));
      await chain.append(m, entry('email'));
    });
    expect(await broken()).toMatchObject({ task: 0, email: 0 });

    // Someone deletes the email chain's head: the chain refuses to grow, and says so.
    const head = await ds.manager.findOneByOrFail(AuditHeadEntity, { category: 'email' });
    await ds.manager.delete(AuditHeadEntity, { category: 'email' });
    await expect(tx.run((m) => chain.append(m, entry('email')))).rejects.toMatchObject({
      code: 'AUDIT.HEAD_MISSING',
    });
    expect(await broken()).toEqual({ task: 0, email: 1, workflow: 0, security: 0, system: 0 });
    await tx.run((m) => chain.append(m, entry('task')));
    expect(await broken()).toMatchObject({ task: 0, email: 1 });

    // Restored (from a backup): the next append finds the head.
    await ds.manager.insert(AuditHeadEntity, head);
    await tx.run((m) => chain.append(m, entry('email')));
    expect(await broken()).toMatchObject({ email: 0 });
  });

  it('is 1 for every category when all the heads of a signed trail are gone', async () => {
    await ds.manager.clear(AuditHeadEntity);
    await expect(tx.run((m) => chain.adoptTrail(m))).rejects.toMatchObject({ code: 'AUDIT.HEAD_MISSING' });
    expect(await broken()).toEqual({ task: 1, email: 1, workflow: 1, security: 1, system: 1 });
  });
});
