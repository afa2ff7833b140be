import type { TaskSnapshotV1, TaskTimelineEntryV1 } from '@orgo/contracts';

/** Where a web report stands, as the reporter may see it (GET /intake/status/{code}). */
export type ReportStatus =
  | 'received'
  | 'pending'
  | 'in_progress'
  | 'on_hold'
  | 'escalated'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'quarantined'
  | 'ignored';

export interface ReportUpdate {
  at: string;
  kind: 'status' | 'reply';
  text?: string;
}

export interface ReportStatusView {
  status: ReportStatus;
  task_key?: string;
  updated_at: string;
  updates: ReportUpdate[];
}

const TASK_STATUSES: readonly ReportStatus[] = ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'];

/** What became of the report's email before (or instead of) a task. */
export type EmailOutcome = 'received' | 'quarantined' | 'ignored';

/**
 * The reporter's view of their report. Who can read this? Anyone holding the code — so it says
 * only what the reporter knows or may know: the status, the task key, when things changed, and
 * their own follow-ups (as the task records them, scrubbed where the task is sensitive). Never who
 * holds the task, its position or label, staff comments, replies of role holders, or anything of
 * another sender.
 */
export function reporterView(submittedAt: string, outcome: EmailOutcome, task: TaskSnapshotV1 | null, timeline: TaskTimelineEntryV1[]): ReportStatusView {
  const updates: ReportUpdate[] = [{ at: submittedAt, kind: 'status', text: 'received' }];
  if (!task) {
    if (outcome !== 'received') updates.push({ at: submittedAt, kind: 'status', text: outcome });
    return { status: outcome, updated_at: submittedAt, updates };
  }
  const reporter = task.reporter.toLowerCase();
  for (const entry of [...timeline].sort((a, b) => a.at.localeCompare(b.at))) {
    if (entry.type === 'created') updates.push({ at: entry.at, kind: 'status', text: 'pending' });
    else if (entry.type === 'status_changed' && typeof entry.data?.to === 'string' && TASK_STATUSES.includes(entry.data.to as ReportStatus)) {
      updates.push({ at: entry.at, kind: 'status', text: entry.data.to });
    } else if (entry.type === 'escalated') updates.push({ at: entry.at, kind: 'status', text: 'escalated' });
    else if (entry.type === 'reply_received' && entry.actor.toLowerCase() === reporter) {
      const text = typeof entry.data?.text === 'string' && entry.data.text ? entry.data.text : undefined;
      updates.push({ at: entry.at, kind: 'reply', ...(text ? { text } : {}) });
    }
  }
  const status = TASK_STATUSES.includes(task.status as ReportStatus) ? (task.status as ReportStatus) : 'pending';
  return { status, task_key: task.key, updated_at: task.updated_at, updates };
}
