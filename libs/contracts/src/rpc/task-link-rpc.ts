/**
 * api-gateway → task-service: merging a duplicate into another task and splitting a task off one
 * (SPEC §6 Mail hygiene), with the same scope and visibility as a transition (`rpc.task.transition`):
 * a task the caller may not see is `TASK.NOT_FOUND`.
 */
export interface TaskMergeRequestV1 {
  /** The duplicate: it is cancelled and linked to `into`. */
  id: string;
  /** The surviving task, of the same organization. */
  into: string;
  /** Why, recorded on both entries and the cancellation. */
  reason?: string | null;
  /** Who merges (the user's email); the actor of every entry. */
  actor: string;
  scope: string[] | null;
  /** A member's email (visibility decides, as for a transition); null for an administrator. */
  viewer?: string | null;
}

/**
 * A new task from the same source mail as `id` (one mail, two problems): planned, labelled, routed
 * and clocked like any new task (`route_to`, else the source mailbox's role, else triage), its
 * reporter and sensitivity those of the original. Unset fields come from the original.
 */
export interface TaskSplitRequestV1 {
  id: string;
  title: string;
  description?: string;
  type?: string;
  subtype?: string;
  priority?: string;
  /** A position id, a role id or a role address of the organization. */
  route_to?: string;
  /** 1–9; the original's when unset. */
  category?: number;
  /** 1–5; the original's when unset. */
  subcategory?: number;
  actor: string;
  scope: string[] | null;
  viewer?: string | null;
}
