import { OrgoError } from '@orgo/domain';
import type { EntityManager } from 'typeorm';

import { TaskEntity } from '../../entities/task.entity';

/**
 * Loads a task the caller may see. A task of another organization is reported exactly like a
 * missing one, so its existence is not disclosed.
 */
export async function findVisibleTask(manager: EntityManager, id: string, scope: string[] | null): Promise<TaskEntity> {
  const task = await manager.findOne(TaskEntity, { where: { id } });
  if (!task || (scope !== null && !scope.includes(task.organization))) {
    throw new OrgoError('TASK.NOT_FOUND', `No task with id '${id}'`);
  }
  return task;
}
