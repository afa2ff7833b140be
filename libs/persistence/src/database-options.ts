/** Where a service keeps its tables: its own SQLite file (standalone) or its own PostgreSQL schema. */
export type DatabaseOptions =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string; schema: string; poolSize?: number };
