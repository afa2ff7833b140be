import type { TaskSnapshotV1 } from '../task/task-snapshot';
import type { TaskTimelineEntryV1 } from '../task/task-event';

/** api-gateway → task-service request/response shapes. */
export interface TaskListQueryV1 {
  organization?: string;
  status?: string;
  type?: string;
  priority?: string;
  /** A label prefix, e.g. `1001.8` or `101.81.Ops`. */
  label?: string;
  /** Assigned position id. */
  assignee?: string;
  /** Case-insensitive text in title or description. */
  text?: string;
  created_after?: string;
  created_before?: string;
  sort?: 'created_at' | '-created_at' | 'updated_at' | '-updated_at' | 'priority' | '-priority';
  limit: number;
  offset: number;
  /** Organizations the caller may see; null for all. */
  scope: string[] | null;
  /**
   * The email of a member: only tasks whose visibility lets them see (SPEC §6: private, restricted,
   * department, organization, by the positions they hold) are listed or found. Null or absent for
   * an administrator, who sees every task of the scope.
   */
  viewer?: string | null;
}

export interface TaskListResultV1 {
  items: TaskSnapshotV1[];
  total: number;
  limit: number;
  offset: number;
}

export interface TaskGetQueryV1 {
  id: string;
  scope: string[] | null;
  /**
   * The email of a member: only tasks whose visibility lets them see (SPEC §6: private, restricted,
   * department, organization, by the positions they hold) are listed or found. Null or absent for
   * an administrator, who sees every task of the scope.
   */
  viewer?: string | null;
}

export interface TaskEventsResultV1 {
  items: TaskTimelineEntryV1[];
  total: number;
}

export interface TaskTransitionCommandV1 {
  id: string;
  /** The new status; absent when only the assignee changes. */
  status?: string;
  /** Assign the task to a position of its organization (confirms a suggested route under automation level manual). */
  assignee?: { position: string };
  actor: string;
  reason?: string;
  scope: string[] | null;
  /**
   * The email of a member: only tasks whose visibility lets them see (SPEC §6: private, restricted,
   * department, organization, by the positions they hold) are listed or found. Null or absent for
   * an administrator, who sees every task of the scope.
   */
  viewer?: string | null;
}

/**
 * Manual escalation (`POST /tasks/{id}/escalate`, SPEC §6): one step up the task's chain, by the same
 * path as a timer (reason `manual`). Answers the task as it is afterwards; a closed task, or one at
 * the top of its chain, is `TASK.CLOSED` / `TASK.TOP_OF_CHAIN`.
 */
export interface TaskEscalateRequestV1 {
  id: string;
  /** Who escalates (the user's email); the timeline's and the audit's actor. */
  actor: string;
  /** Why, in the person's words; recorded on the `escalated` entry as `note`. */
  reason?: string | null;
  scope: string[] | null;
  /**
   * The email of a member: only tasks whose visibility lets them see (SPEC §6: private, restricted,
   * department, organization, by the positions they hold) are listed or found. Null or absent for
   * an administrator, who sees every task of the scope.
   */
  viewer?: string | null;
}

/** Errors travel back as data, with the stable code the API maps to an HTTP status. */
export interface RpcErrorV1 {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcErrorV1 };
