import fs from 'node:fs';
import path from 'node:path';

import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';

import type { DatabaseOptions } from './database-options';

type EntityTarget = string | (new () => unknown) | EntitySchema;
type MigrationClass = new () => MigrationInterface;

export interface ServiceDataSourceOptions {
  /** The owning service: names the migrations table so several services may share a database. */
  service: string;
  database: DatabaseOptions;
  entities: EntityTarget[];
  migrations: MigrationClass[];
}

/**
 * One TypeORM DataSource per service, from one set of entities and migrations for SQLite and
 * PostgreSQL alike. Migrations are written with TypeORM's schema builder (no engine-specific SQL).
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const migrationsTableName = `${options.service.replace(/-/g, '_')}_migrations`;
  const common = { entities: options.entities, migrations: options.migrations, migrationsTableName, logging: false };
  if (options.database.type === 'sqlite') {
    fs.mkdirSync(path.dirname(options.database.path), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: options.database.path,
      enableWAL: true,
      // Prepared statements kept per connection (FIFO; TypeORM's default of 100 is smaller than the
      // set of statements a busy service cycles through, so it would prepare them again and again).
      statementCacheSize: 2000,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('busy_timeout = 5000');
        db.pragma('synchronous = NORMAL');
        db.pragma('wal_autocheckpoint = 10000');
        db.pragma('foreign_keys = ON');
      },
    });
  }
  return new DataSource({
    ...common,
    type: 'postgres',
    url: options.database.url,
    schema: options.database.schema,
    extra: { max: options.database.poolSize ?? 10 },
  });
}

/** Initializes the data source and applies pending migrations; returns the names applied. */
export async function openServiceDatabase(options: ServiceDataSourceOptions): Promise<DataSource> {
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  if (options.database.type === 'postgres') {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${options.database.schema}"`);
  }
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
