import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, TaskWarnCommandV1 } from '@orgo/contracts';
import { isTerminal, type TaskStatus } from '@orgo/domain';
import { LOGGER } from '@orgo/runtime';
import { forUpdate } from '@orgo/persistence';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskEntity } from '../../entities/task.entity';
import { TaskTimeline } from '../../task-timeline';

export type WarnOutcome = 'processed' | 'skipped';

/**
 * The pre-breach warning (SPEC §6): the step's warning time has come, so the assignee is told
 * before the task escalates — a `breach_warning` timeline entry (level, position, due_at, warn_at,
 * recipients: the person who accepted, else the position's holders), published for the notifier.
 * Skipped when the task left that level, is on hold or done, its warning time moved (`warn_at` no
 * longer the command's), or the same warning was already recorded: a late or repeated command is
 * harmless.
 */
@Injectable()
export class WarnTaskService {
  constructor(
    private readonly directories: DirectoryRegistry,
    private readonly timeline: TaskTimeline,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(envelope: Envelope, manager: EntityManager): Promise<WarnOutcome> {
    const command = envelope.payload as TaskWarnCommandV1;
    const task = await manager.findOne(TaskEntity, { where: { id: command.taskId }, ...forUpdate(manager) });
    if (!task || isTerminal(task.status as TaskStatus) || task.status === 'on_hold' || task.escalationLevel !== command.expectedLevel) return 'skipped';
    if (!task.warnAt || task.warnAt !== command.warnAt) return 'skipped';
    const earlier = await this.timeline.entriesOf(manager, task.id, 'breach_warning');
    if (earlier.some((entry) => entry.data.level === task.escalationLevel && entry.data.warn_at === command.warnAt)) return 'skipped';
    const { directory } = this.directories.get(task.organization);
    const recipients = task.assigneePerson ? [task.assigneePerson] : directory.holdersOf(task.assigneePosition);
    await this.timeline.record(
      manager,
      task,
      [
        {
          type: 'breach_warning',
          actor: command.actor,
          data: { level: task.escalationLevel, position: task.assigneePosition, due_at: task.nextDueAt, warn_at: command.warnAt, recipients },
        },
      ],
      envelope,
    );
    this.logger.info({ taskId: task.id, key: task.key, position: task.assigneePosition, dueAt: task.nextDueAt }, 'breach warning recorded');
    return 'processed';
  }
}
