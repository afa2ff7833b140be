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
  /**
   * Full-text search over title, description, key and tags (never the reporter): PostgreSQL
   * `websearch_to_tsquery` syntax (words, "a phrase", `or`, `-word`), the same on SQLite (FTS5).
   * Ranked by relevance when no `sort` is given.
   */
  text?: string;
  /**
   * The email of a person: only tasks assigned to a position they hold (an escalated task is
   * assigned to the position it was escalated to). `GET /tasks?mine=true`.
   */
  holder?: string;
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
  /** The new status; absent when only something else changes. */
  status?: string;
  /** Assign the task to a position of its organization (confirms a suggested route under automation level manual). */
  assignee?: { position: string };
  /** A new priority (`priority_changed` entry, audited). */
  priority?: string;
  /** A comment on the timeline (`commented` entry, the actor as author). */
  comment?: string;
  /** An ETA: an ISO-8601 time or a duration from now (`30 minutes`), recorded as a reply's `ETA:` is (`eta_set`, `metadata.eta`). */
  eta?: string;
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

/**
 * A manual task (`POST /api/v1/tasks`, SPEC §7): planned, labelled, routed and clocked like a task
 * from a routed email (same use case), with the caller as reporter and actor. An organization
 * outside `scope`, or not configured, is `ORGANIZATION.NOT_FOUND`; a `route_to` that names no
 * position, role or role address of it `TASK.UNKNOWN_POSITION`; a sensitive one whose reporter is
 * not a pseudonym `TASK.SENSITIVE_NEEDS_PSEUDONYM`.
 */
export interface TaskCreateRequestV1 {
  organization: string;
  title: string;
  description?: string;
  type: string;
  subtype?: string;
  priority?: string;
  severity?: string;
  /** 1–9, default 1. */
  category?: number;
  /** 1–5, default 1. */
  subcategory?: number;
  /** A position id, a role id or a role address of the organization. */
  route_to: string;
  /** A sensitive report: `reporter` is then a pseudonym, and title and description are scrubbed (`rpc.privacy.pseudonymize`). */
  sensitive?: boolean;
  tags?: string[];
  /** Who files it as the task shows them: the caller's email, or their pseudonym for a sensitive report; the actor of `created` and `routed`. */
  reporter: string;
  scope: string[] | null;
}

/** Errors travel back as data, with the stable code the API maps to an HTTP status. */
export interface RpcErrorV1 {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcErrorV1 };
