import type { TaskReplyCommandV1 } from '@orgo/contracts';
import { taskIdFromReference } from '@orgo/domain';
import { forUpdate } from '@orgo/persistence';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';

import { TaskEntity } from '../../entities/task.entity';

/**
 * The task an email answers, within its organization only: an Orgo notification it references
 * (In-Reply-To first), else a task started by a message it references, else the key in its subject.
 * The task is locked until the transaction ends (PostgreSQL), as every task change is.
 */
export async function findRepliedTask(manager: EntityManager, organization: string, command: TaskReplyCommandV1): Promise<TaskEntity | null> {
  for (const reference of command.references) {
    const id = taskIdFromReference(reference);
    if (!id) continue;
    const task = await manager.findOne(TaskEntity, { where: { id, organization }, ...forUpdate(manager) });
    if (task) return task;
  }
  if (command.references.length > 0) {
    const started = await manager.find(TaskEntity, { where: { organization, sourceMessageId: In(command.references) }, ...forUpdate(manager) });
    if (started.length > 0) {
      const rank = (t: TaskEntity) => command.references.indexOf(t.sourceMessageId as string);
      return started.sort((a, b) => rank(a) - rank(b))[0];
    }
  }
  if (command.subjectKey) return manager.findOne(TaskEntity, { where: { organization, key: command.subjectKey }, ...forUpdate(manager) });
  return null;
}
