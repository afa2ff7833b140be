import type { TaskSnapshotV1 } from './task-snapshot';

/** One entry of a task's timeline (SPEC §4). */
export interface TaskTimelineEntryV1 {
  id: string;
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}

/** task-service → everyone: `task.<type>.<event>`. Version 1. */
export interface TaskEventV1 {
  task: TaskSnapshotV1;
  event: TaskTimelineEntryV1;
  /** Email addresses of the holders of the assigned position, for notification. */
  assigneeHolders: string[];
  /** The assignment before this event, for escalations and reassignments. */
  previous: { position: string; label: string } | null;
  /** Human-readable organization name, for templates. */
  organizationName: string;
}
