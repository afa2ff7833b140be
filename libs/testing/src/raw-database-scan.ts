import fs from 'node:fs';
import path from 'node:path';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * What to look for: a text (an address, a name; matched case-insensitively) or a phone number
 * (`{ phone: '+1 555 010 4477' }`, matched on its digits whatever the separators, national form
 * included: the last seven or more digits of the number written as one run).
 */
export type ScanNeedle = string | { phone: string };

/** Where to look: SQLite files and/or PostgreSQL schemas, every table, every column, every row. */
export interface RawDatabaseScanTarget {
  sqlite?: string[];
  postgres?: { url: string; schemas: string[] };
}

/** One needle found outside ciphertext. */
export interface RawDatabaseHit {
  /** The SQLite file or `postgres:<schema>`. */
  database: string;
  table: string;
  column: string;
  /** 0-based position of the row in the table's `SELECT *`. */
  row: number;
  /** The row's id column (`id`, `email_id`, else its first column), to find it again. */
  rowId: string | null;
  needle: string;
  /** Where the value was read: as stored, or inside a base64 run decoded. */
  via: 'text' | 'base64';
  /** Some characters around the hit. */
  excerpt: string;
}

/** Sealed values (`@orgo/security`): ciphertext, never a hit. */
const SEALED = /enc:v1:[A-Za-z0-9_.-]+:[A-Za-z0-9_-]+/g;
/**
 * Runs long enough to be encoded content (raw mail kept as base64, a JSON field holding bytes, a
 * base64 MIME part in lines of 76 inside decoded mail).
 */
const BASE64_RUN = /[A-Za-z0-9+/](?:[A-Za-z0-9+/=]|\r?\n){23,}/g;
/** Base64 inside base64 (a MIME part of raw mail kept as base64) is decoded too, this deep. */
const BASE64_DEPTH = 2;
/** Digit runs a phone number could be written as: digits with spaces, dots, dashes, slashes, brackets, a plus. */
const PHONE_RUN = /\+?\(?\d[\d\s().\-/]{4,}\d/g;

/**
 * Reads every column of every table of the given databases raw (no entity, no transformer, no key)
 * and returns each needle found outside `enc:v1:` values, also inside base64 runs once decoded.
 * Empty: nothing names the needles in clear.
 */
export async function scanRawDatabases(target: RawDatabaseScanTarget, needles: ScanNeedle[]): Promise<RawDatabaseHit[]> {
  const hits: RawDatabaseHit[] = [];
  const matchers = needles.map(matcherFor);
  const scanTable = (database: string, table: string, rows: Record<string, unknown>[]) => {
    rows.forEach((row, index) => {
      const rowId = idOf(row);
      for (const [column, value] of Object.entries(row)) {
        for (const hit of hitsIn(cellText(value), matchers)) hits.push({ database, table, column, row: index, rowId, ...hit });
      }
    });
  };
  for (const file of target.sqlite ?? []) {
    if (!fs.existsSync(file)) throw new Error(`No SQLite database at ${file}`);
    // better-sqlite3 through TypeORM's driver: plain SQL, no entities.
    const db = await new DataSource({ type: 'better-sqlite3', database: file, readonly: true }).initialize();
    try {
      const tables: { name: string }[] = await db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
      for (const { name } of tables) scanTable(file, name, await db.query(`SELECT * FROM ${quoteIdent(name)}`));
    } finally {
      await db.destroy();
    }
  }
  if (target.postgres) {
    const client = new Client({ connectionString: target.postgres.url });
    await client.connect();
    try {
      for (const schema of target.postgres.schemas) {
        const tables = await client.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
          [schema],
        );
        for (const { table_name: table } of tables.rows) {
          const rows = await client.query(`SELECT * FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
          scanTable(`postgres:${schema}`, table, rows.rows);
        }
      }
    } finally {
      await client.end();
    }
  }
  return hits;
}

/** The SQLite database files under a folder (a standalone home keeps them in `data/`). */
export function sqliteFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(sqlite|sqlite3|db)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A readable line per hit, for an assertion message. */
export function describeHits(hits: RawDatabaseHit[]): string {
  return hits.map((h) => `${h.database} ${h.table}.${h.column} row ${h.row} (${h.rowId ?? '?'}): '${h.needle}' in ${h.via}: …${h.excerpt}…`).join('\n');
}

interface Matcher {
  needle: string;
  find(text: string): number;
}

function matcherFor(needle: ScanNeedle): Matcher {
  if (typeof needle === 'string') {
    const wanted = needle.toLowerCase();
    return { needle, find: (text) => (wanted ? text.toLowerCase().indexOf(wanted) : -1) };
  }
  const digits = needle.phone.replace(/\D/g, '');
  return {
    needle: needle.phone,
    find: (text) => {
      for (const run of text.matchAll(PHONE_RUN)) {
        const found = run[0].replace(/\D/g, '');
        if (found.includes(digits) || (found.length >= 7 && digits.endsWith(found))) return run.index ?? 0;
      }
      return -1;
    },
  };
}

function hitsIn(value: string | null, matchers: Matcher[]): Pick<RawDatabaseHit, 'needle' | 'via' | 'excerpt'>[] {
  if (value === null) return [];
  const clear = value.replace(SEALED, ' ');
  const found: Pick<RawDatabaseHit, 'needle' | 'via' | 'excerpt'>[] = [];
  const look = (text: string, via: 'text' | 'base64') => {
    for (const m of matchers) {
      const at = m.find(text);
      if (at >= 0 && !found.some((f) => f.needle === m.needle)) found.push({ needle: m.needle, via, excerpt: text.slice(Math.max(0, at - 40), at + 60) });
    }
  };
  const decode = (text: string, depth: number) => {
    if (depth > BASE64_DEPTH) return;
    for (const run of text.matchAll(BASE64_RUN)) {
      const decoded = Buffer.from(run[0].replace(/\r?\n/g, ''), 'base64');
      look(decoded.toString('utf8'), 'base64');
      look(decoded.toString('latin1'), 'base64');
      decode(decoded.toString('latin1'), depth + 1);
    }
  };
  look(clear, 'text');
  decode(clear, 1);
  return found;
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function idOf(row: Record<string, unknown>): string | null {
  const value = row.id ?? row.email_id ?? Object.values(row)[0];
  return value === null || value === undefined ? null : String(value);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
