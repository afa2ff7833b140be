import type { TaskEntity } from '../../entities/task.entity';
import type { TimelineEntryInput } from '../../task-timeline';

/**
 * Records when someone expects a task done (SPEC §6 Replies `ETA: 30 minutes`, or PATCH `eta`), in
 * memory: `metadata.eta` = `{ text, at, by }` (`at` the time it names, null when the text names no
 * time Orgo can place, such as `14:30`) and the `eta_set` entry. The caller saves the task, records
 * the entry and counts the change (updated_at, version).
 */
export function setEta(task: TaskEntity, eta: { text: string; at: string | null }, actor: string): TimelineEntryInput {
  task.metadata = { ...task.metadata, eta: { text: eta.text, at: eta.at, by: actor } };
  return { type: 'eta_set', actor, data: { eta: eta.text, at: eta.at } };
}
