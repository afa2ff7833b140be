import type {
  OrganizationPositionV1,
  OrganizationViewV1,
  TaskSnapshotV1,
  TaskTimelineEntryV1,
} from '@orgo/contracts';

// The API's JSON is the contracts library's (type-only: nothing of it is bundled).
/** A task as the API shows it (SPEC §4). */
export type Task = TaskSnapshotV1;
/** A timeline entry of `GET /tasks/{id}/events`. */
export type TaskEvent = TaskTimelineEntryV1;

export interface Page<T> {
  items: T[];
  total: number;
  limit?: number;
  offset?: number;
}

export type Position = OrganizationPositionV1;
/** `GET /organizations/{slug}`: the effective organization. */
export type Organization = OrganizationViewV1;

export const STATUSES = [
  'pending',
  'in_progress',
  'on_hold',
  'escalated',
  'completed',
  'failed',
  'cancelled',
] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const OPEN_STATUSES = ['pending', 'in_progress', 'on_hold', 'escalated'];
