import { OrgoError } from './errors';
import { isTerminal, type TaskStatus } from './lifecycle';

/** What the merge rules need to know of a task: its identity, organization, status, sensitivity and merge link. */
export interface MergeCandidate {
  id: string;
  key: string;
  organization: string;
  status: string;
  sensitive: boolean;
  /** The task it was merged into, or null. */
  mergedInto: string | null;
}

/** The stable codes a refused merge carries (SPEC §6 Mail hygiene). */
export const MERGE_REFUSALS = {
  self: 'TASK.MERGE_SELF',
  otherOrganization: 'TASK.MERGE_OTHER_ORGANIZATION',
  alreadyMerged: 'TASK.MERGE_ALREADY_MERGED',
  duplicateClosed: 'TASK.MERGE_DUPLICATE_CLOSED',
  chain: 'TASK.MERGE_CHAIN',
  targetClosed: 'TASK.MERGE_TARGET_CLOSED',
  sensitivity: 'TASK.MERGE_SENSITIVITY',
} as const;

/**
 * Why `duplicate` may not be merged into `survivor`, or null when it may. A merge cancels the
 * duplicate and sends what arrives for it (replies to its notifications, to its source mail) to the
 * survivor, so: not into itself, nor across organizations; a duplicate merged once, or already
 * closed, has nothing left to merge; the survivor must be open and must not itself be a merged
 * duplicate (links stay one step long); a sensitive report goes only into a sensitive task, so its
 * reporter's answers never land where the pseudonym and scrubbing do not hold (SPEC §6 Privacy).
 */
export function mergeRefusal(duplicate: MergeCandidate, survivor: MergeCandidate): OrgoError | null {
  if (duplicate.id === survivor.id) return new OrgoError(MERGE_REFUSALS.self, `Task ${duplicate.key} cannot be merged into itself; name the task it duplicates in "into"`, { id: duplicate.id });
  if (duplicate.organization !== survivor.organization) {
    return new OrgoError(MERGE_REFUSALS.otherOrganization, `Task ${duplicate.key} and task ${survivor.key} belong to different organizations; only tasks of one organization merge`, {
      id: duplicate.id,
      into: survivor.id,
    });
  }
  if (duplicate.mergedInto !== null) {
    return new OrgoError(MERGE_REFUSALS.alreadyMerged, `Task ${duplicate.key} was already merged into another task`, { id: duplicate.id, merged_into: duplicate.mergedInto });
  }
  if (isTerminal(duplicate.status as TaskStatus)) {
    return new OrgoError(MERGE_REFUSALS.duplicateClosed, `Task ${duplicate.key} is ${duplicate.status}; only an open task can be merged as a duplicate`, { id: duplicate.id, status: duplicate.status });
  }
  if (survivor.mergedInto !== null) {
    return new OrgoError(MERGE_REFUSALS.chain, `Task ${survivor.key} was itself merged into another task; merge into that one instead`, { into: survivor.id, merged_into: survivor.mergedInto });
  }
  if (isTerminal(survivor.status as TaskStatus)) {
    return new OrgoError(MERGE_REFUSALS.targetClosed, `Task ${survivor.key} is ${survivor.status}; a duplicate can only be merged into an open task`, { into: survivor.id, status: survivor.status });
  }
  if (duplicate.sensitive && !survivor.sensitive) {
    return new OrgoError(MERGE_REFUSALS.sensitivity, `Task ${duplicate.key} is a sensitive report and task ${survivor.key} is not; a sensitive report merges only into a sensitive task`, {
      id: duplicate.id,
      into: survivor.id,
    });
  }
  return null;
}
