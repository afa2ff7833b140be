import { type Client, errors } from '@elastic/elasticsearch';

import { type IndexableEntry, auditIndexDocument } from './audit-index-document';

/** What Elasticsearch said of a bulk request, per entry id: acknowledged, or refused with a reason to retry later. */
export interface BulkOutcome {
  acknowledged: Set<string>;
  /** Entry id → Elasticsearch's error type (or `http_<status>`), never its message: that may quote a value. */
  refused: Map<string, string>;
}

/** Why a whole request failed, for the failure counter and the log (no message: a response body may quote a document). */
export function requestFailureReason(error: unknown): string {
  if (error instanceof errors.ResponseError) return `http_${error.statusCode ?? 'unknown'}`;
  if (error instanceof errors.TimeoutError) return 'timeout';
  if (error instanceof errors.ConnectionError) return 'connection';
  if (error instanceof errors.ElasticsearchClientError) return error.name;
  return 'error';
}

/**
 * Indexes the entries in one `_bulk` request, each under its entry id (`_id`), so sending one
 * again replaces the same document: a retry never makes a second one. A request Elasticsearch does
 * not answer item by item (down, 503, 401, a timeout) throws; nothing is acknowledged then.
 */
export async function bulkIndex(
  client: Client,
  index: string,
  entries: IndexableEntry[],
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { acknowledged: new Set(), refused: new Map() };
  if (entries.length === 0) return outcome;
  const operations = entries.flatMap((entry) => [
    { index: { _index: index, _id: entry.id } },
    auditIndexDocument(entry),
  ]);
  const response = await client.bulk({ operations, include_source_on_error: false });
  const items = response.items ?? [];
  if (items.length !== entries.length) {
    throw new errors.ElasticsearchClientError(
      `bulk answered ${items.length} items for ${entries.length} operations`,
    );
  }
  entries.forEach((entry, i) => {
    const item = items[i].index;
    if (item && item.status >= 200 && item.status < 300 && !item.error) outcome.acknowledged.add(entry.id);
    else
      outcome.refused.set(
        entry.id,
        String(item?.error?.type ?? `http_${item?.status ?? 'unknown'}`).slice(0, 100),
      );
  });
  return outcome;
}

/** Deletes the documents of a category's entries up to `seq` (retention deleted them from the trail). Idempotent. */
export async function deleteThrough(
  client: Client,
  index: string,
  category: string,
  seq: number,
): Promise<number> {
  const response = await client.deleteByQuery({
    index,
    conflicts: 'proceed',
    query: {
      bool: {
        filter: [{ term: { 'event.category': category } }, { range: { 'event.sequence': { lte: seq } } }],
      },
    },
  });
  return response.deleted ?? 0;
}
