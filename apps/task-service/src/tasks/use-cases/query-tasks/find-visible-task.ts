import { OrgoError } from '@orgo/domain';
import { forUpdate } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import { TaskEntity } from '../../entities/task.entity';

/**
 * Loads a task the caller may see: of an organization in their scope, and (for a member) one whose
 * visibility lets them see it. A task they may not see is reported exactly like a missing one, so
 * its existence is not disclosed. With `lock`, the row stays locked until the transaction ends, so
 * a change made from the API and one made by a bus command never both act on the same version.
 */
export async function findVisibleTask(
  manager: EntityManager,
  id: string,
  scope: string[] | null,
  visible: (task: TaskEntity) => boolean = () => true,
  lock = false,
): Promise<TaskEntity> {
  const task = await manager.findOne(TaskEntity, { where: { id }, ...(lock ? forUpdate(manager) : {}) });
  if (!task || (scope !== null && !scope.includes(task.organization)) || !visible(task)) {
    throw new OrgoError('TASK.NOT_FOUND', `No task with id '${id}'`);
  }
  return task;
}
