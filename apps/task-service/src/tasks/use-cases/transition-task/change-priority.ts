import type { Priority } from '@orgo/domain';
import type { EntityManager } from 'typeorm';

import type { TaskEntity } from '../../entities/task.entity';
import type { TaskTimeline, TimelineEntryInput } from '../../task-timeline';
import { nextStepReactivity } from '../apply-time-rule/next-step-reactivity';

/**
 * Changes a task's priority, in memory (a time rule's `priority`, a person's PATCH): the current step
 * keeps its due time; the next steps count the new priority's reactivity when the task's came from
 * the organization's priority table. Returns the `priority_changed` entry (with `data` added), or
 * null when the priority is already that one. The caller saves the task and records the entry.
 */
export async function changePriority(
  manager: EntityManager,
  timeline: TaskTimeline,
  task: TaskEntity,
  change: { to: Priority; table: Partial<Record<Priority, string>> | undefined; actor: string; data: Record<string, unknown>; now: Date },
): Promise<TimelineEntryInput | null> {
  if (change.to === task.priority) return null;
  const routed = (await timeline.entriesOf(manager, task.id, 'routed'))[0];
  const source = (routed?.data.reactivity as { source?: unknown } | null | undefined)?.source;
  const reactivity = nextStepReactivity(source, change.table, change.to, task.reactivityMs);
  const entry: TimelineEntryInput = {
    type: 'priority_changed',
    actor: change.actor,
    data: { from: task.priority, to: change.to, ...change.data, ...(reactivity !== null ? { reactivity_ms: { from: task.reactivityMs, to: reactivity } } : {}) },
  };
  if (reactivity !== null) task.reactivityMs = reactivity;
  task.priority = change.to;
  task.updatedAt = change.now.toISOString();
  task.version++;
  return entry;
}
