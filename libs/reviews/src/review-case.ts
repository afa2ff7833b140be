import type { TaskSnapshotV1 } from '@orgo/contracts';

/** A task as a review sees it: what similarity, aggregates and trends need, nothing about its reporter. */
export interface ReviewCase {
  id: string;
  key: string;
  organization: string;
  type: string;
  subtype: string | null;
  category: number;
  label: string;
  position: string;
  /** The first segment of the position's role (`Ops` for `1001.Ops.Maintenance`), or null. */
  department: string | null;
  title: string;
  status: string;
  open: boolean;
  priority: string;
  severity: string | null;
  sensitive: boolean;
  tags: string[];
  location: string[];
  equipment: string[];
  keywords: string[];
  createdAt: string;
  completedAt: string | null;
  escalated: boolean;
  reactivityMs: number | null;
  lastEventAt: string;
  /** Set on investigation tasks: the cluster they investigate. */
  cluster: string | null;
  mergedInto: string | null;
}

const DONE = new Set(['completed', 'failed', 'cancelled']);

/** Words too common to say two reports are about the same thing. */
const STOP_WORDS = new Set(
  'about above after again against also been before being below between both cannot could does doing down during each from further have having here into itself just more most once only other ought over same should some such than that their them then there these they this those through under until very were what when where which while will with would your yours please thanks thank hello regards today yesterday morning afternoon evening again still'.split(
    ' ',
  ),
);

/** Lower-cased words of 4+ letters or digits, without stop words, unique and sorted: the same text gives the same set. */
export function keywordsOf(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 4 && !STOP_WORDS.has(w) && !/^\d+$/.test(w)))].sort();
}

const tagValues = (tags: string[], prefix: string) =>
  [
    ...new Set(
      tags
        .filter((t) => t.toLowerCase().startsWith(`${prefix}:`))
        .map((t) =>
          t
            .slice(prefix.length + 1)
            .trim()
            .toLowerCase(),
        )
        .filter(Boolean),
    ),
  ].sort();

/** The review's view of a task snapshot. A sensitive case's keywords come from its title only. */
export function reviewCaseOf(snapshot: TaskSnapshotV1): ReviewCase {
  const role = snapshot.assignee.position.split('.').slice(1);
  const metadata = snapshot.metadata ?? {};
  return {
    id: snapshot.id,
    key: snapshot.key,
    organization: snapshot.organization,
    type: snapshot.type,
    subtype: snapshot.subtype,
    category: snapshot.category,
    label: snapshot.label,
    position: snapshot.assignee.position,
    department: role[0] ?? null,
    title: snapshot.title,
    status: snapshot.status,
    open: !DONE.has(snapshot.status),
    priority: snapshot.priority,
    severity: snapshot.severity,
    sensitive: snapshot.sensitive,
    tags: [...(snapshot.tags ?? [])],
    location: tagValues(snapshot.tags ?? [], 'location'),
    equipment: tagValues(snapshot.tags ?? [], 'equipment'),
    keywords: keywordsOf(snapshot.sensitive ? snapshot.title : `${snapshot.title} ${snapshot.description}`),
    createdAt: snapshot.created_at,
    completedAt: snapshot.status === 'completed' ? snapshot.updated_at : null,
    escalated: (snapshot.escalation?.level ?? 0) > 0,
    reactivityMs: snapshot.escalation?.reactivity_ms ?? null,
    lastEventAt: snapshot.updated_at,
    cluster:
      snapshot.type === 'investigation' && typeof metadata.review_cluster === 'string'
        ? metadata.review_cluster
        : null,
    mergedInto: snapshot.links?.merged_into ?? null,
  };
}
