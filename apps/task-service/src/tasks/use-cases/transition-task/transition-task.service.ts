import { Inject, Injectable } from '@nestjs/common';
import type { TaskSnapshotV1, TaskTransitionCommandV1 } from '@orgo/contracts';
import { OrgoError, type TaskStatus, isTaskStatus } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, ServiceRuntime } from '@orgo/runtime';

import { TaskEntity } from '../../entities/task.entity';
import { TaskTimeline } from '../../task-timeline';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { findVisibleTask } from '../query-tasks/find-visible-task';
import { changeStatus } from './change-status';

/**
 * A person moves a task through its lifecycle (SPEC §4) through the API. Illegal transitions fail
 * with `TASK.ILLEGAL_TRANSITION` and the allowed ones (see change-status.ts).
 */
@Injectable()
export class TransitionTaskService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    private readonly timeline: TaskTimeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: TaskTransitionCommandV1): Promise<TaskSnapshotV1> {
    if (!isTaskStatus(command.status)) {
      throw new OrgoError('TASK.INVALID_STATUS', `'${command.status}' is not a task status`, {
        allowed: ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'],
      });
    }
    const to = command.status as TaskStatus;
    const snapshot = await this.tx.run(async (manager) => {
      const task = await findVisibleTask(manager, command.id, command.scope);
      const entry = changeStatus(task, to, command.actor, command.reason ?? null, this.clock());
      await manager.save(TaskEntity, task);
      await this.timeline.record(manager, task, [entry], null);
      return toTaskSnapshot(task);
    });
    this.runtime.flushOutbox();
    return snapshot;
  }
}
