import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, TaskEscalateCommandV1 } from '@orgo/contracts';
import { CLOCK_STOPPED, canTransition, clockStarted, isTerminal, labelFor, positionClock, type TaskStatus } from '@orgo/domain';
import { type Clock, CLOCK, LOGGER } from '@orgo/runtime';
import { forUpdate } from '@orgo/persistence';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskEntity } from '../../entities/task.entity';
import { updateTask } from '../../entities/update-task';
import { TaskTimeline } from '../../task-timeline';
import { warnChainEntry } from './warn-chain';

export type EscalateOutcome = 'processed' | 'skipped';

/**
 * Moves a task one step up its escalation chain (SPEC §6): reassigns to the next position,
 * recomputes the label's level, sets the status to `escalated` and restarts the clock in the
 * business time of the new position's calendar. At the top of the chain escalation ends with an
 * alert. Under automation level manual a due step warns the rest of the chain instead of
 * reassigning (`escalation_warning`) and restarts the clock for the next warning; a person's
 * escalation (API, reply) still moves the task. A command for a level the task has left, or for a
 * task that is done or on hold, is skipped: a late or repeated timer is harmless.
 */
@Injectable()
export class EscalateTaskService {
  constructor(
    private readonly directories: DirectoryRegistry,
    private readonly timeline: TaskTimeline,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A step a person or a rule asks for now (a reply "escalate", a time rule), by the timer's path:
   * skipped when the task has left `expectedLevel`. `cause` is the message that asked.
   */
  escalateNow(
    manager: EntityManager,
    cause: Envelope,
    step: Pick<TaskEscalateCommandV1, 'taskId' | 'expectedLevel' | 'reason' | 'actor'>,
  ): Promise<EscalateOutcome> {
    const command: TaskEscalateCommandV1 = { ...step, dueAt: null, timerId: null };
    return this.execute({ ...cause, payload: command }, manager);
  }

  async execute(envelope: Envelope, manager: EntityManager): Promise<EscalateOutcome> {
    const command = envelope.payload as TaskEscalateCommandV1;
    const task = await manager.findOne(TaskEntity, { where: { id: command.taskId }, ...forUpdate(manager) });
    if (!task || isTerminal(task.status as TaskStatus) || task.escalationLevel !== command.expectedLevel) return 'skipped';
    if (task.status === 'on_hold' && command.reason === 'reactivity_elapsed') return 'skipped';
    const now = this.clock();
    const next = task.escalationLevel + 1;
    const from = { position: task.assigneePosition, label: task.label };
    if (next >= task.escalationChain.length) {
      Object.assign(task, CLOCK_STOPPED);
      task.escalationLevel = task.escalationChain.length - 1;
      task.updatedAt = now.toISOString();
      task.version++;
      await updateTask(manager, task);
      await this.timeline.record(
        manager,
        task,
        [{ type: 'escalation_ended', actor: command.actor, data: { position: task.assigneePosition, reason: 'top of the escalation chain reached', due_at: command.dueAt } }],
        envelope,
      );
      this.logger.warn({ taskId: task.id, key: task.key, position: task.assigneePosition }, 'escalation reached the top of its chain unresolved');
      return 'processed';
    }
    const { model, directory } = this.directories.get(task.organization);
    if (model.parameters.automation_level === 'manual' && command.reason === 'reactivity_elapsed') {
      // SPEC §6 Profiles: under manual automation a due escalation warns the chain instead of reassigning.
      const warning = warnChainEntry(task, command, directory, now, positionClock(model, task.assigneePosition));
      await updateTask(manager, task);
      await this.timeline.record(manager, task, [warning], envelope);
      this.logger.info({ taskId: task.id, key: task.key, position: task.assigneePosition, warned: warning.data.positions }, 'escalation due: chain warned (automation manual)');
      return 'processed';
    }
    const target = task.escalationChain[next];
    const position = directory.position(target);
    const statusFrom = task.status;
    task.escalationLevel = next;
    task.assigneePosition = target;
    task.assigneePerson = null;
    task.label = labelFor({ level: position?.level ?? 1, role: position?.role ?? null }, task.category, task.subcategory);
    if (canTransition(task.status as TaskStatus, 'escalated')) task.status = 'escalated';
    Object.assign(task, clockStarted(now, task.reactivityMs, positionClock(model, target)));
    task.updatedAt = now.toISOString();
    task.version++;
    await updateTask(manager, task);
    await this.timeline.record(
      manager,
      task,
      [
        {
          type: 'escalated',
          actor: command.actor,
          data: {
            from: from.position,
            to: target,
            label_from: from.label,
            label_to: task.label,
            level: next,
            reason: command.reason,
            status_from: statusFrom,
            recipients: directory.holdersOf(target),
            calendar: task.calendar,
            due_at: task.nextDueAt,
            warn_at: task.warnAt,
            ...(command.note ? { note: command.note } : {}),
          },
        },
      ],
      envelope,
      from,
    );
    this.logger.info({ taskId: task.id, key: task.key, from: from.position, to: target, label: task.label }, 'task escalated');
    return 'processed';
  }
}
