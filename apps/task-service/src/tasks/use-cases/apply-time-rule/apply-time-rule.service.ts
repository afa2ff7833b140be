import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, TaskTimeRuleCommandV1 } from '@orgo/contracts';
import { isTerminal, type Priority, PRIORITIES, type TaskStatus } from '@orgo/domain';
import { type Clock, CLOCK, LOGGER } from '@orgo/runtime';
import { forUpdate } from '@orgo/persistence';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskEntity } from '../../entities/task.entity';
import { updateTask } from '../../entities/update-task';
import { type TimelineEntryInput, TaskTimeline } from '../../task-timeline';
import { EscalateTaskService } from '../escalate-task/escalate-task.service';
import { changePriority } from '../transition-task/change-priority';
import { resolveTimeRuleRecipients } from './time-rule-recipients';

export type ApplyTimeRuleOutcome = 'processed' | 'skipped';

/**
 * Applies a time rule that became true for a task (SPEC §5 `on: time`, sent once per task and rule
 * by the escalation-scheduler): a `time_rule_fired` entry (rule, condition, action, and for
 * `notify` the recipients resolved through the directory), then the action — `priority` sets the
 * task's priority (`priority_changed`; when the reactivity came from the organization's priority
 * table, the next steps take the new priority's), `escalate` moves it one step up its chain the way a timer
 * does (reason `time_rule`; skipped when the task already left the level the scheduler saw).
 * A task that is done by now, or that already recorded this rule, is skipped.
 */
@Injectable()
export class ApplyTimeRuleService {
  constructor(
    private readonly directories: DirectoryRegistry,
    private readonly timeline: TaskTimeline,
    private readonly escalate: EscalateTaskService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(envelope: Envelope, manager: EntityManager): Promise<ApplyTimeRuleOutcome> {
    const command = envelope.payload as TaskTimeRuleCommandV1;
    const task = await manager.findOne(TaskEntity, { where: { id: command.taskId }, ...forUpdate(manager) });
    if (!task || isTerminal(task.status as TaskStatus)) return 'skipped';
    const earlier = await this.timeline.entriesOf(manager, task.id, 'time_rule_fired');
    if (earlier.some((entry) => entry.data.rule === command.rule)) return 'skipped';
    const { directory, model } = this.directories.get(task.organization);
    const { notify, escalate, priority } = command.action;
    const recipients = notify?.length ? resolveTimeRuleRecipients(directory, notify) : [];
    const entries: TimelineEntryInput[] = [
      {
        type: 'time_rule_fired',
        actor: command.actor,
        data: {
          rule: command.rule,
          condition: command.condition,
          action: command.action,
          fired_at: command.firedAt,
          ...(notify?.length ? { recipients: [...new Set(recipients.flatMap((r) => r.emails))], notify: recipients } : {}),
        },
      },
    ];
    if (priority && (PRIORITIES as readonly string[]).includes(priority)) {
      const change = { to: priority as Priority, table: model.parameters.reactivity, actor: command.actor, data: { reason: 'time_rule', rule: command.rule }, now: this.clock() };
      const changed = await changePriority(manager, this.timeline, task, change);
      if (changed) {
        entries.push(changed);
        await updateTask(manager, task);
      }
    }
    await this.timeline.record(manager, task, entries, envelope);
    if (escalate) {
      const step = { taskId: task.id, expectedLevel: command.expectedLevel, reason: 'time_rule' as const, actor: command.actor };
      const outcome = await this.escalate.escalateNow(manager, envelope, step);
      if (outcome === 'skipped') this.logger.info({ taskId: task.id, rule: command.rule }, 'time rule escalation skipped: the task already left the level the rule saw, or is done');
    }
    this.logger.info({ taskId: task.id, key: task.key, rule: command.rule, action: command.action }, 'time rule applied');
    return 'processed';
  }
}
