import { Inject, Injectable } from '@nestjs/common';
import type { TaskSnapshotV1, TaskTransitionCommandV1 } from '@orgo/contracts';
import { OrgoError, type TaskStatus, assignmentTo, isTaskStatus, positionClock } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, ServiceRuntime } from '@orgo/runtime';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskEntity } from '../../entities/task.entity';
import { TaskTimeline, type TimelineEntryInput } from '../../task-timeline';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { findVisibleTask } from '../query-tasks/find-visible-task';
import { TaskVisibility } from '../query-tasks/task-visibility';
import { assignPosition } from './assign-position';
import { changeStatus } from './change-status';

/**
 * A person moves a task through its lifecycle (SPEC §4) or assigns it to a position through the API.
 * Illegal transitions fail with `TASK.ILLEGAL_TRANSITION` and the allowed ones (see change-status.ts);
 * a position the organization lacks with `TASK.UNKNOWN_POSITION`. Assigning confirms a route that
 * waits in triage (automation level manual, see assign-position.ts).
 */
@Injectable()
export class TransitionTaskService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    private readonly timeline: TaskTimeline,
    private readonly directories: DirectoryRegistry,
    private readonly visibility: TaskVisibility,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: TaskTransitionCommandV1): Promise<TaskSnapshotV1> {
    if (command.status === undefined && command.assignee === undefined) {
      throw new OrgoError('TASK.NOTHING_TO_CHANGE', 'Give a status, an assignee or both', { hint: '{ "assignee": { "position": "101.Ops.Maintenance" } }' });
    }
    if (command.status !== undefined && !isTaskStatus(command.status)) {
      throw new OrgoError('TASK.INVALID_STATUS', `'${command.status}' is not a task status`, {
        allowed: ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'],
      });
    }
    const to = command.status as TaskStatus | undefined;
    const snapshot = await this.tx.run(async (manager) => {
      const task = await findVisibleTask(manager, command.id, command.scope, this.visibility.check(command.viewer), true);
      const entries: TimelineEntryInput[] = [];
      if (command.assignee) entries.push(this.assign(task, command.assignee.position, command.actor));
      if (to !== undefined) entries.push(changeStatus(task, to, command.actor, command.reason ?? null, this.clock(), this.directories.clockOf(task)));
      await manager.save(TaskEntity, task);
      await this.timeline.record(manager, task, entries, null);
      return toTaskSnapshot(task);
    });
    this.runtime.flushOutbox();
    return snapshot;
  }

  private assign(task: TaskEntity, position: string, actor: string): TimelineEntryInput {
    const { model, directory } = this.directories.get(task.organization);
    const assignment = assignmentTo(String(position), task, model, directory);
    if (!assignment) {
      throw new OrgoError('TASK.UNKNOWN_POSITION', `Organization '${task.organization}' has no position '${position}'`, {
        position,
        hint: `GET /api/v1/organizations/${task.organization} lists its positions`,
      });
    }
    return assignPosition(task, assignment, actor, model.parameters.severity_threshold, this.clock(), positionClock(model, assignment.position));
  }
}
