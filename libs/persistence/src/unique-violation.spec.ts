import { DataSource, QueryFailedError } from 'typeorm';

import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  it('recognizes a real SQLite unique violation through TypeORM', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await ds.initialize();
    await ds.query('CREATE TABLE t (k TEXT PRIMARY KEY)');
    await ds.query("INSERT INTO t VALUES ('a')");
    const error = await ds.query("INSERT INTO t VALUES ('a')").catch((e: unknown) => e);
    await ds.destroy();
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it.each([
    [{ code: '23505' }, true],
    [{ driverError: { code: '23505' } }, true],
    [{ code: '23503' }, false],
    [new Error('boom'), false],
    [null, false],
  ])('%j → %s', (error, expected) => {
    expect(isUniqueViolation(error)).toBe(expected);
  });
});
