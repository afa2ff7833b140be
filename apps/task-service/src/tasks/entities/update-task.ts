import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { TaskEntity } from './task.entity';

/**
 * Writes a task the caller has read (and locked) in this transaction: one UPDATE of every column by
 * id. TypeORM's `save` would read the row again first to find what changed; the caller already
 * holds it, and the row is small.
 */
export async function updateTask(manager: EntityManager, task: TaskEntity): Promise<void> {
  const { id, ...columns } = task;
  await manager.update(TaskEntity, { id }, columns as QueryDeepPartialEntity<TaskEntity>);
}
