import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Plain SQL for the hot paths (inbox, outbox, audit appends): one statement for many rows, with no
 * query building per call. Placeholders and quoting follow the manager's database (SQLite `?`,
 * PostgreSQL `$n`); the table name comes from the entity's metadata (schema included), so these
 * statements address the same tables as TypeORM's and need no second schema.
 */
export interface PlainSql {
  /** The quoted table of an entity (`"orgo_parser"."inbox_messages"` in PostgreSQL). */
  table(entity: EntityTarget<ObjectLiteral>): string;
  /** `count` placeholders starting after `offset` ones, comma-separated. */
  list(count: number, offset?: number): string;
  /** `rows` parenthesized groups of `width` placeholders: the VALUES of a multi-row INSERT. */
  rows(rows: number, width: number): string;
}

export function plainSql(manager: EntityManager): PlainSql {
  const postgres = manager.connection.options.type === 'postgres';
  const mark = (n: number) => (postgres ? `$${n}` : '?');
  const list = (count: number, offset = 0) => Array.from({ length: count }, (_, i) => mark(offset + i + 1)).join(', ');
  return {
    table(entity) {
      const metadata = manager.connection.getMetadata(entity);
      const quote = (name: string) => manager.connection.driver.escape(name);
      return metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName);
    },
    list,
    rows(rows, width) {
      return Array.from({ length: rows }, (_, r) => `(${list(width, r * width)})`).join(', ');
    },
  };
}

/** SQLite and PostgreSQL both cap the parameters of one statement; chunks of rows stay below it. */
export const MAX_PARAMETERS = 30_000;

/** Splits rows into chunks whose parameters fit in one statement. */
export function chunksFor<T>(items: T[], width: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / width));
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
