import { NO_TASK_LINKS, type TaskAttachmentV1, type TaskLinksV1 } from '@orgo/contracts';
import { Brackets, type EntityManager, In } from 'typeorm';

import { TaskAttachmentEntity } from './task-attachment.entity';
import { TaskLinkEntity } from './task-link.entity';

/** A task's links as its snapshot shows them, the source mail of a task split off another, and the task's files. */
export interface TaskLinksOf {
  links: TaskLinksV1;
  /** The original's source mail when the task was split off it (`tasks.source_email_id` stays null on a split). */
  splitSourceEmailId: string | null;
  /** The task's attachments (`task_attachments`), in order. */
  attachments: TaskAttachmentV1[];
}

export const UNLINKED: TaskLinksOf = Object.freeze({ links: NO_TASK_LINKS, splitSourceEmailId: null, attachments: [] }) as TaskLinksOf;

export function toTaskAttachment(row: TaskAttachmentEntity): TaskAttachmentV1 {
  return { id: row.id, name: row.name, size: row.size, type: row.type, source: row.source, sha256: row.sha256 };
}

/** The links and attachments of each of the tasks (two queries), oldest first; a task tied to no other and without files gets UNLINKED. */
export async function loadTaskLinks(manager: EntityManager, taskIds: string[]): Promise<Map<string, TaskLinksOf>> {
  const found = new Map<string, TaskLinksOf>();
  if (taskIds.length === 0) return found;
  const files = await manager.find(TaskAttachmentEntity, { where: { taskId: In(taskIds) }, order: { taskId: 'ASC', seq: 'ASC' } });
  const rows = await manager
    .getRepository(TaskLinkEntity)
    .createQueryBuilder('link')
    .where(new Brackets((w) => w.where('link.task_id IN (:...ids)', { ids: taskIds }).orWhere('link.other_task_id IN (:...ids)', { ids: taskIds })))
    .orderBy('link.created_at', 'ASC')
    .addOrderBy('link.id', 'ASC')
    .getMany();
  const of = (id: string): TaskLinksOf => {
    let entry = found.get(id);
    if (!entry) found.set(id, (entry = { links: { merged_into: null, merged: [], split_from: null, split_into: [] }, splitSourceEmailId: null, attachments: [] }));
    return entry;
  };
  const wanted = new Set(taskIds);
  for (const row of rows) {
    if (wanted.has(row.taskId)) {
      const entry = of(row.taskId);
      if (row.kind === 'merged') entry.links.merged_into = row.otherTaskId;
      else {
        entry.links.split_from = row.otherTaskId;
        entry.splitSourceEmailId = row.sourceEmailId;
      }
    }
    if (wanted.has(row.otherTaskId)) (row.kind === 'merged' ? of(row.otherTaskId).links.merged : of(row.otherTaskId).links.split_into).push(row.taskId);
  }
  for (const file of files) of(file.taskId).attachments.push(toTaskAttachment(file));
  return found;
}

/** One task's links. */
export async function linksOf(manager: EntityManager, taskId: string): Promise<TaskLinksOf> {
  return (await loadTaskLinks(manager, [taskId])).get(taskId) ?? UNLINKED;
}

/** The task a duplicate was merged into, or null. */
export async function mergedInto(manager: EntityManager, taskId: string): Promise<string | null> {
  const row = await manager.findOne(TaskLinkEntity, { where: { taskId, kind: 'merged' }, select: ['otherTaskId'] });
  return row?.otherTaskId ?? null;
}
