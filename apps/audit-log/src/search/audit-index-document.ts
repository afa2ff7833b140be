/** What the index is given of an entry: the trail's own fields, nothing of its hashes or keys. */
export interface IndexableEntry {
  id: string;
  category: string;
  seq: number;
  at: string;
  organization: string | null;
  action: string;
  actor: string;
  correlationId: string;
  taskId: string | null;
  emailId: string | null;
  label: string | null;
  details: Record<string, unknown>;
  erasedAt: string | null;
}

/**
 * One audit entry in Elasticsearch, with ECS names where ECS has the concept (`@timestamp`,
 * `event.*`, `organization.id`, `trace.id` for the correlation id) and Orgo's own under `orgo.*`.
 * `event.category` holds Orgo's audit category (task, email, workflow, security, system), not one
 * of ECS's allowed values; `event.id` is the entry id, also the document `_id`.
 */
export interface AuditIndexDocument {
  '@timestamp': string;
  event: {
    id: string;
    kind: 'event';
    dataset: 'orgo.audit';
    category: string;
    action: string;
    sequence: number;
  };
  organization?: { id: string };
  trace: { id: string };
  orgo: {
    audit: { actor: string; details: Record<string, unknown>; erased: boolean; erased_at?: string };
    task?: { id?: string; label?: string };
    email?: { id: string };
  };
}

/** What a sensitive task's event data never carries (the trail already drops them: audit-details.ts). */
const IDENTITY_KEYS = ['text', 'from', 'reporter', 'address', 'name', 'email', 'phone', 'sender'];

/**
 * A task entry whose reporter the trail withheld (`reporter: null`: a sensitive task) keeps no
 * identity in its event data either, even from a trail written before the audit-log dropped it.
 */
function guardedDetails(entry: IndexableEntry): Record<string, unknown> {
  const details = JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>;
  if (!entry.action.startsWith('task.') || details.reporter !== null) return details;
  const data = details.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    details.data = Object.fromEntries(Object.entries(data).filter(([key]) => !IDENTITY_KEYS.includes(key)));
  }
  return details;
}

/** The document of an entry as the trail holds it now: an erased entry keeps its links and says when it was erased. */
export function auditIndexDocument(entry: IndexableEntry): AuditIndexDocument {
  const doc: AuditIndexDocument = {
    '@timestamp': entry.at,
    event: {
      id: entry.id,
      kind: 'event',
      dataset: 'orgo.audit',
      category: entry.category,
      action: entry.action,
      sequence: entry.seq,
    },
    trace: { id: entry.correlationId },
    orgo: { audit: { actor: entry.actor, details: guardedDetails(entry), erased: entry.erasedAt !== null } },
  };
  if (entry.organization) doc.organization = { id: entry.organization };
  if (entry.erasedAt) doc.orgo.audit.erased_at = entry.erasedAt;
  if (entry.taskId || entry.label) {
    doc.orgo.task = {};
    if (entry.taskId) doc.orgo.task.id = entry.taskId;
    if (entry.label) doc.orgo.task.label = entry.label;
  }
  if (entry.emailId) doc.orgo.email = { id: entry.emailId };
  return doc;
}

/** The mappings of the index: strict (a field the document should not hold is refused), details searchable as keywords. */
export const AUDIT_INDEX_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    '@timestamp': { type: 'date' },
    event: {
      properties: {
        id: { type: 'keyword' },
        kind: { type: 'keyword' },
        dataset: { type: 'keyword' },
        category: { type: 'keyword' },
        action: { type: 'keyword' },
        sequence: { type: 'long' },
      },
    },
    organization: { properties: { id: { type: 'keyword' } } },
    trace: { properties: { id: { type: 'keyword' } } },
    orgo: {
      properties: {
        audit: {
          properties: {
            actor: { type: 'keyword' },
            // Any shape the trail's details take, searchable as keywords, never a mapping conflict.
            details: { type: 'flattened' },
            erased: { type: 'boolean' },
            erased_at: { type: 'date' },
          },
        },
        task: { properties: { id: { type: 'keyword' }, label: { type: 'keyword' } } },
        email: { properties: { id: { type: 'keyword' } } },
      },
    },
  },
} as const;
