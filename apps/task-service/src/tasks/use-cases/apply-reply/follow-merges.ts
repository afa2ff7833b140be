import { forUpdate } from '@orgo/persistence';
import type { EntityManager } from 'typeorm';

import { mergedInto } from '../../entities/task-links';
import { TaskEntity } from '../../entities/task.entity';

/** Enough steps for any history of merges: each survivor was open when merged into, so links rarely go past one. */
const MAX_STEPS = 10;

/**
 * The task a reply acts on: the one it answers, or — when that one was merged as a duplicate (SPEC
 * §6 Mail hygiene) — the task it was merged into, followed to the end; `via` lists the duplicates
 * passed, first the one answered. Each task is locked until the transaction ends, as every task change is.
 */
export async function followMerges(manager: EntityManager, answered: TaskEntity): Promise<{ task: TaskEntity; via: TaskEntity[] }> {
  let task = answered;
  const via: TaskEntity[] = [];
  for (let step = 0; step < MAX_STEPS; step++) {
    const into = await mergedInto(manager, task.id);
    if (!into) break;
    const survivor = await manager.findOne(TaskEntity, { where: { id: into, organization: task.organization }, ...forUpdate(manager) });
    if (!survivor) break;
    via.push(task);
    task = survivor;
  }
  return { task, via };
}
