import type { TaskAttachmentV1 } from './task-attachment';
import type { TaskLinksV1 } from './task-links';

/** How a broadcast task reached the tier: one entry per position and holder. */
export interface TaskBroadcastV1 {
  /** 10, 100, 1000 or 10000. */
  level: number;
  /** The role the broadcast was narrowed to, or null for the organization's whole tier. */
  role: string | null;
  recipients: { position: string; person: string; notification: 'queued' | 'sent' | 'failed' }[];
}

/**
 * A task as the API shows it (SPEC §4 contract) and as task events carry it. Version 1.
 * More fields may be added; none may change meaning.
 */
export interface TaskSnapshotV1 {
  id: string;
  key: string;
  organization: string;
  type: string;
  subtype: string | null;
  category: number;
  subcategory: number;
  label: string;
  title: string;
  description: string;
  status: string;
  priority: string;
  severity: string | null;
  assignee: { position: string; person: string | null };
  /**
   * While the task waits in triage for a person to confirm its route (automation level manual), the
   * position its rules suggested; null once confirmed, or when it was routed at once.
   */
  suggested_position: string | null;
  reporter: string;
  sensitive: boolean;
  visibility: string;
  tags: string[];
  metadata: Record<string, unknown>;
  escalation: {
    /** Index of the current step in `chain`. */
    level: number;
    /** The positions the task walks up, after the profile's granularity. */
    chain: string[];
    /** Reactivity time of each step, in milliseconds, or null when the task never escalates by time. */
    reactivity_ms: number | null;
    next_due_at: string | null;
    /** When the assignee is warned that the step is about to breach (default 80 % of the reactivity time); null when none. */
    warn_at: string | null;
    /** While on hold: the reactivity time left on the step when the clock paused (resuming restarts it with this). */
    paused_remaining_ms: number | null;
    /** The business calendar the clock counts in (`organization`, a position id), or null for round-the-clock time. */
    calendar: string | null;
  };
  /**
   * Set when a rule broadcast the task to a whole tier (SPEC §3 broadcast levels): the assignee is then
   * the tier's address (`100`, `100.Ops`), each holder of the tier gets a notification, and the task
   * does not escalate by time. Null for a task assigned to one position.
   */
  broadcast: TaskBroadcastV1 | null;
  /** `organization`: where the email arrived, when a rule routed the task to another organization (`district:11.Ops`); else null. */
  source: { organization: string | null; email_id: string | null; mailbox: string | null; message_id: string | null; received_at: string | null };
  /**
   * Merges and splits (SPEC §6 Mail hygiene): the task this one was merged into or split from, and
   * the ones merged into it or split off it. Every link is also a timeline entry (`merged`,
   * `merged_into`, `split`, `split_from`).
   */
  links: TaskLinksV1;
  /**
   * The task's files (SPEC §4): the source mail's allowed attachments and the rules' documents, each
   * with an `attachment_added` entry. Always set by the task-service since 1.1; absent from older
   * snapshots kept by other services (read as none).
   */
  attachments?: TaskAttachmentV1[];
  created_at: string;
  updated_at: string;
  /** Increases with every change: consumers ignore a snapshot older than one they have seen. */
  version: number;
}
