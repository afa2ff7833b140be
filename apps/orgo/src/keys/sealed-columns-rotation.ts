import type { SealedColumns } from '@orgo/runtime';
import { type KeyRing, isSealed, reseal, sealedKeyId } from '@orgo/security';
import type { DataSource } from 'typeorm';

/** The messaging tables every service carries; their envelopes are sealed (`@orgo/messaging`). */
export const MESSAGING_SEALED_COLUMNS: SealedColumns[] = [
  { table: 'outbox_messages', primaryKey: ['id'], columns: ['envelope'] },
  { table: 'dead_letters', primaryKey: ['id'], columns: ['envelope'] },
];

export interface RotationCount {
  table: string;
  resealed: number;
  checked: number;
  /** Values still under another key after the pass (written meanwhile by a running service). */
  remaining: number;
}

const BATCH = 500;

/**
 * Re-encrypts every sealed value of the given tables that another key than the active one sealed,
 * in batches of one transaction each (a rotation cut short resumes where it stopped: what it did is
 * already under the new key, and the old keys still read the rest).
 */
export async function resealColumns(dataSource: DataSource, ring: KeyRing, tables: SealedColumns[]): Promise<RotationCount[]> {
  const postgres = dataSource.options.type === 'postgres';
  const schema = postgres ? (dataSource.options as { schema?: string }).schema : undefined;
  const q = (name: string) => dataSource.driver.escape(name);
  const table = (name: string) => (schema ? `${q(schema)}.${q(name)}` : q(name));
  const param = (i: number) => (postgres ? `$${i}` : '?');
  const counts: RotationCount[] = [];
  for (const spec of tables) {
    const count = { table: spec.table, resealed: 0, checked: 0, remaining: 0 };
    const select = [...spec.primaryKey, ...spec.columns].map(q).join(', ');
    const order = spec.primaryKey.map(q).join(', ');
    const batches = async function* () {
      for (let offset = 0; ; offset += BATCH) {
        const rows = (await dataSource.query(`SELECT ${select} FROM ${table(spec.table)} ORDER BY ${order} LIMIT ${BATCH} OFFSET ${offset}`)) as Record<string, unknown>[];
        if (!rows.length) return;
        yield rows;
      }
    };
    for await (const rows of batches()) {
      await dataSource.transaction(async (manager) => {
        for (const row of rows) {
          count.checked++;
          const changes = spec.columns
            .map((column) => [column, isSealed(row[column]) ? reseal(ring, row[column] as string) : null] as const)
            .filter((c): c is readonly [string, string] => c[1] !== null);
          if (!changes.length) continue;
          const sets = changes.map(([column], i) => `${q(column)} = ${param(i + 1)}`).join(', ');
          const where = spec.primaryKey.map((k, i) => `${q(k)} = ${param(changes.length + i + 1)}`).join(' AND ');
          await manager.query(`UPDATE ${table(spec.table)} SET ${sets} WHERE ${where}`, [...changes.map(([, v]) => v), ...spec.primaryKey.map((k) => row[k])]);
          count.resealed++;
        }
      });
    }
    for await (const rows of batches()) {
      for (const row of rows) {
        count.remaining += spec.columns.filter((c) => isSealed(row[c]) && sealedKeyId(row[c] as string) !== ring.activeEncryption.id).length;
      }
    }
    counts.push(count);
  }
  return counts;
}
