import { Inject, Injectable } from '@nestjs/common';
import type { TaskSnapshotV1, TaskTransitionCommandV1 } from '@orgo/contracts';
import { OrgoError, type TaskStatus, assertTransition, isTaskStatus, isTerminal } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, ServiceRuntime } from '@orgo/runtime';

import { TaskEntity } from '../../entities/task.entity';
import { TaskTimeline } from '../../task-timeline';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { findVisibleTask } from '../query-tasks/find-visible-task';

/**
 * A person moves a task through its lifecycle (SPEC §4). Illegal transitions fail with
 * `TASK.ILLEGAL_TRANSITION` and the allowed ones. `on_hold` stops the escalation clock; leaving it
 * restarts the clock with the full reactivity time; accepting an escalated task records who took it.
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
      const from = task.status as TaskStatus;
      assertTransition(from, to);
      const now = this.clock();
      task.status = to;
      if (to === 'in_progress') task.assigneePerson = task.assigneePerson ?? command.actor;
      if (to === 'on_hold' || isTerminal(to)) task.nextDueAt = null;
      else if (from === 'on_hold' && task.reactivityMs !== null) task.nextDueAt = new Date(now.getTime() + task.reactivityMs).toISOString();
      task.updatedAt = now.toISOString();
      task.version++;
      await manager.save(TaskEntity, task);
      await this.timeline.record(
        manager,
        task,
        [{ type: 'status_changed', actor: command.actor, data: { from, to, reason: command.reason ?? null } }],
        null,
      );
      return toTaskSnapshot(task);
    });
    this.runtime.flushOutbox();
    return snapshot;
  }
}
