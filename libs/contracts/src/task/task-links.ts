/**
 * How a task is tied to others by mail hygiene (SPEC §6 "Tasks can be merged … and split …"):
 * task ids of the same organization. Part of the task snapshot since version 1 (added field).
 */
export interface TaskLinksV1 {
  /** The task this one was merged into as a duplicate (it is then `cancelled`); null when it was not merged. */
  merged_into: string | null;
  /** The duplicates merged into this task, oldest first. */
  merged: string[];
  /** The task this one was split from (the same source mail, another problem); null when it was not split off. */
  split_from: string | null;
  /** The tasks split off this one, oldest first. */
  split_into: string[];
}

/** The links of a task tied to no other. */
export const NO_TASK_LINKS: TaskLinksV1 = Object.freeze({ merged_into: null, merged: [], split_from: null, split_into: [] }) as TaskLinksV1;
