import fs from 'node:fs';

import { Client } from '@elastic/elasticsearch';

import type { AuditIndexSettings } from '../settings/audit-index-settings';

/** The Elasticsearch client of the audit index (provided only when `elasticsearch_url` is set). */
export const AUDIT_INDEX_CLIENT = Symbol('AUDIT_INDEX_CLIENT');

/**
 * A client for the configured cluster. It does not retry by itself (`maxRetries: 0`): the indexer
 * retries with its own growing waits and keeps its place in the trail meanwhile.
 */
export function createAuditIndexClient(settings: AuditIndexSettings): Client {
  return new Client({
    node: settings.url,
    auth: settings.auth ?? undefined,
    maxRetries: 0,
    requestTimeout: 30_000,
    name: 'orgo-audit-log',
    tls: settings.tlsCaFile ? { ca: fs.readFileSync(settings.tlsCaFile) } : undefined,
  });
}
