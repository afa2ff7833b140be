import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DataSource } from 'typeorm';

import { describeHits, scanRawDatabases, sqliteFilesIn } from './raw-database-scan';

/** The scan over a real SQLite file: what counts as a hit and what does not. */
describe('scanRawDatabases', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-scan-'));
  const file = path.join(dir, 'data', 'service.sqlite');
  const needles = ['maria.lopez@example.org', 'Lopez', { phone: '+1 (555) 010-4477' }];

  beforeAll(async () => {
    fs.mkdirSync(path.dirname(file));
    const db = await new DataSource({ type: 'better-sqlite3', database: file }).initialize();
    await db.query('CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT, note TEXT)');
    await db.query('CREATE TABLE outbox (id TEXT PRIMARY KEY, envelope TEXT, size INTEGER)');
    const sealed = 'enc:v1:k1:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo-_abc';
    const insert = (table: string, values: unknown[]) => db.query(`INSERT INTO ${table} VALUES (${values.map(() => '?').join(', ')})`, values);
    await insert('people', ['p1', 'MARIA LOPEZ', null]);
    await insert('people', ['p2', sealed, `{"from":"${sealed}","to":"hr@northside.example"}`]);
    await insert('people', ['p3', 'someone', 'call 555.010.4477 after 5']);
    await insert('people', ['p4', 'someone else', 'order 2026-11-23T09:00:00.000Z, ref 00000000-0000-4000-8000-000000000001']);
    await insert('outbox', ['o1', JSON.stringify({ rawBase64: Buffer.from('From: maria.lopez@example.org\r\n\r\nhi').toString('base64') }), 42]);
    await db.destroy();
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds texts in any case, phone numbers in any format, and plaintext inside base64, with table, column and row', async () => {
    const hits = await scanRawDatabases({ sqlite: sqliteFilesIn(dir) }, needles);
    expect(hits.map((h) => [h.table, h.column, h.rowId, h.needle, h.via])).toEqual([
      ['outbox', 'envelope', 'o1', 'maria.lopez@example.org', 'base64'],
      ['outbox', 'envelope', 'o1', 'Lopez', 'base64'],
      ['people', 'name', 'p1', 'Lopez', 'text'],
      ['people', 'note', 'p3', '+1 (555) 010-4477', 'text'],
    ]);
    expect(describeHits(hits)).toContain('people.name row 0 (p1)');
  });

  it('finds nothing inside sealed values, or in dates and ids', async () => {
    const hits = await scanRawDatabases({ sqlite: [file] }, ['QUJDREVG', 'k1:', { phone: '+1 (555) 010-4477' }, { phone: '+44 20 7946 0958' }]);
    expect(hits.filter((h) => h.rowId === 'p2' || h.rowId === 'p4')).toEqual([]);
    // The same number written as one run of digits is found.
    expect((await scanRawDatabases({ sqlite: [file] }, [{ phone: '5550104477' }])).map((h) => h.rowId)).toEqual(['p3']);
  });

  it('lists the SQLite files of a folder', () => {
    expect(sqliteFilesIn(dir)).toEqual([file]);
    expect(sqliteFilesIn(path.join(dir, 'missing'))).toEqual([]);
  });
});
