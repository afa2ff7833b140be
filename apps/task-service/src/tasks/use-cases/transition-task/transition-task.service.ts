import { Inject, Injectable } from '@nestjs/common';
import type { TaskSnapshotV1, TaskTransitionCommandV1 } from '@orgo/contracts';
import { OrgoError, PRIORITIES, type Priority, type TaskStatus, assignmentTo, etaAt, isPriority, isTaskStatus, positionClock } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, ServiceRuntime } from '@orgo/runtime';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { linksOf } from '../../entities/task-links';
import { TaskEntity } from '../../entities/task.entity';
import { TaskTimeline, type TimelineEntryInput } from '../../task-timeline';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { findVisibleTask } from '../query-tasks/find-visible-task';
import { TaskVisibility } from '../query-tasks/task-visibility';
import { assignPosition } from './assign-position';
import { changePriority } from './change-priority';
import { changeStatus } from './change-status';
import { setEta } from './set-eta';

/**
 * A person moves a task through its lifecycle (SPEC §4), assigns it to a position, changes its
 * priority, comments on it or sets its ETA through the API — any of these in one call, each its own
 * timeline entry (`assigned`, `priority_changed`, `eta_set`, `commented`, `status_changed`, in that order).
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
    const { status, assignee, priority, comment, eta } = command;
    if (status === undefined && assignee === undefined && priority === undefined && comment === undefined && eta === undefined) {
      throw new OrgoError('TASK.NOTHING_TO_CHANGE', 'Give at least one of status, assignee, priority, comment and eta', { hint: '{ "priority": "high", "comment": "Parts ordered" }' });
    }
    if (status !== undefined && !isTaskStatus(status)) {
      throw new OrgoError('TASK.INVALID_STATUS', `'${status}' is not a task status`, {
        allowed: ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'],
      });
    }
    if (priority !== undefined && !isPriority(priority)) {
      throw new OrgoError('TASK.INVALID_PRIORITY', `'${priority}' is not a priority`, { allowed: [...PRIORITIES] });
    }
    const now = this.clock();
    const etaTime = eta === undefined ? undefined : etaAt(eta, now);
    if (eta !== undefined && !etaTime) {
      throw new OrgoError('TASK.INVALID_ETA', `'${eta}' is neither an ISO-8601 date-time nor a duration`, { eta, hint: '"2026-12-04T15:00:00Z" or "30 minutes"' });
    }
    const text = comment?.trim();
    if (comment !== undefined && !text) throw new OrgoError('TASK.EMPTY_COMMENT', 'A comment needs some text', { field: 'comment' });
    const snapshot = await this.tx.run(async (manager) => {
      const task = await findVisibleTask(manager, command.id, command.scope, this.visibility.check(command.viewer), true);
      const version = task.version;
      const entries: TimelineEntryInput[] = [];
      if (assignee) entries.push(this.assign(task, assignee.position, command.actor));
      if (priority !== undefined) {
        const table = this.directories.get(task.organization).model.parameters.reactivity;
        const changed = await changePriority(manager, this.timeline, task, { to: priority as Priority, table, actor: command.actor, data: { reason: command.reason ?? null }, now });
        if (changed) entries.push(changed);
      }
      if (eta !== undefined && etaTime) entries.push(setEta(task, { text: eta.trim(), at: etaTime }, command.actor));
      if (text) entries.push({ type: 'commented', actor: command.actor, data: { text, via: 'api' } });
      if (status !== undefined) entries.push(changeStatus(task, status as TaskStatus, command.actor, command.reason ?? null, now, this.directories.clockOf(task)));
      if (entries.length > 0 && task.version === version) {
        task.updatedAt = now.toISOString();
        task.version++;
      }
      await manager.save(TaskEntity, task);
      await this.timeline.record(manager, task, entries, null);
      return toTaskSnapshot(task, await linksOf(manager, task.id));
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
