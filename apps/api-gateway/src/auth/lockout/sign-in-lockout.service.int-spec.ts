import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { serviceDataSourceOptions } from '@orgo/runtime';
import type { DataSource } from 'typeorm';

import { API_GATEWAY_STORAGE } from '../../api-gateway.module';
import { DEFAULT_SECURITY_SETTINGS } from '../security-settings';
import { SignInFailureEntity } from './sign-in-failure.entity';
import { SignInLockoutService, accountKey } from './sign-in-lockout.service';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function databases(): [string, () => DatabaseOptions][] {
  const schema = `lockout_${process.pid}_${Date.now().toString(36)}`;
  return [
    ['SQLite', () => ({ type: 'sqlite', path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-lockout-')), 'api-gateway.sqlite') })],
    ['PostgreSQL', () => ({ type: 'postgres', url: POSTGRES_URL, schema, poolSize: 25 })],
  ];
}

describe.each(databases())('sign-in lockout on %s', (name, options) => {
  let dataSource: DataSource;
  let tx: TransactionRunner;
  let now = new Date('2026-12-01T10:00:00.000Z');
  const clock = () => now;
  const lockout = () => new SignInLockoutService(tx, clock, DEFAULT_SECURITY_SETTINGS);
  const stored = (email: string) => dataSource.getRepository(SignInFailureEntity).findOneBy({ accountKey: accountKey(email) });

  beforeAll(async () => {
    dataSource = await openServiceDatabase(serviceDataSourceOptions('api-gateway', options(), API_GATEWAY_STORAGE));
    tx = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    if (name === 'PostgreSQL') await dataSource.query(`DROP SCHEMA IF EXISTS "${(dataSource.options as { schema: string }).schema}" CASCADE`);
    await dataSource.destroy();
  });

  beforeEach(async () => {
    now = new Date('2026-12-01T10:00:00.000Z');
    await dataSource.getRepository(SignInFailureEntity).clear();
  });

  it('counts every one of 20 parallel wrong passwords for one account, and locks it', async () => {
    const service = lockout();
    const results = await Promise.all(Array.from({ length: 20 }, () => tx.run((m) => service.recordFailure(m, 'Ana@Orgo.test'))));
    expect(results.map((r) => r.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await stored('ana@orgo.test'))?.failures).toBe(20);
    // 20 failures with 5 free attempts: 2^15 s, capped at 900 s.
    expect(await service.lockedFor('ana@orgo.test')).toBe(900);
    // The attempts that came while a concurrent failure had locked the account say so.
    expect(results.filter((r) => r.lockedBefore > 0)).toHaveLength(15);
  });

  it('forgets failures older than a day, and a right password clears the count only when the account is not locked', async () => {
    const service = lockout();
    for (let i = 0; i < 5; i++) await tx.run((m) => service.recordFailure(m, 'ben@orgo.test'));
    expect(await service.lockedFor('ben@orgo.test')).toBe(1);
    expect(await tx.run((m) => service.clearUnlessLocked(m, 'ben@orgo.test'))).toBe(1);
    expect((await stored('ben@orgo.test'))?.failures).toBe(5);
    now = new Date(now.getTime() + 25 * 3600 * 1000);
    expect(await tx.run((m) => service.recordFailure(m, 'ben@orgo.test'))).toEqual({ failures: 1, lockedForSeconds: 0, lockedBefore: 0 });
    expect(await tx.run((m) => service.clearUnlessLocked(m, 'ben@orgo.test'))).toBe(0);
    expect(await stored('ben@orgo.test')).toBeNull();
  });
});
