import { Inject, Injectable } from '@nestjs/common';
import { ROUTING_KEYS, type TaskEscalateCommandV1, type TaskEscalateRequestV1, type TaskSnapshotV1, createEnvelope } from '@orgo/contracts';
import { OrgoError, type TaskStatus, isTerminal } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, ServiceRuntime } from '@orgo/runtime';

import { linksOf } from '../../entities/task-links';
import { TaskEntity } from '../../entities/task.entity';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { EscalateTaskService } from '../escalate-task/escalate-task.service';
import { findVisibleTask } from '../query-tasks/find-visible-task';
import { TaskVisibility } from '../query-tasks/task-visibility';

/**
 * A person escalates a task through the API (SPEC §6 "Manual escalation … follows the same path"):
 * the task must be visible to them (else `TASK.NOT_FOUND`, like a missing one), open (`TASK.CLOSED`)
 * and below the top of its chain (`TASK.TOP_OF_CHAIN`); then it takes the timer's step — the
 * `EscalateTaskService` — with reason `manual`, the person as actor and their words as `note`.
 */
@Injectable()
export class EscalateManuallyService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    private readonly escalate: EscalateTaskService,
    private readonly visibility: TaskVisibility,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: TaskEscalateRequestV1): Promise<TaskSnapshotV1> {
    const snapshot = await this.tx.run(async (manager) => {
      const task = await findVisibleTask(manager, request.id, request.scope, this.visibility.check(request.viewer), true);
      refuseUnlessEscalatable(task);
      const command: TaskEscalateCommandV1 = {
        taskId: task.id,
        expectedLevel: task.escalationLevel,
        reason: 'manual',
        actor: request.actor,
        dueAt: null,
        timerId: null,
        note: request.reason?.trim() || null,
      };
      const envelope = createEnvelope(ROUTING_KEYS.taskEscalate, command, {
        producer: 'task-service',
        organizationId: task.organization,
        correlationId: task.id,
        occurredAt: this.clock(),
      });
      await this.escalate.execute(envelope, manager);
      return toTaskSnapshot(await manager.findOneOrFail(TaskEntity, { where: { id: task.id } }), await linksOf(manager, task.id));
    });
    this.runtime.flushOutbox();
    return snapshot;
  }
}

/** Why a task cannot take a step up its chain now, as the error the API answers with 409. */
function refuseUnlessEscalatable(task: TaskEntity): void {
  const where = { key: task.key, status: task.status, position: task.assigneePosition, chain: task.escalationChain, level: task.escalationLevel };
  if (isTerminal(task.status as TaskStatus)) {
    throw new OrgoError('TASK.CLOSED', `Task ${task.key} is ${task.status}; a closed task cannot be escalated`, { ...where, hint: 'reopen work with a new task' });
  }
  if (task.broadcast) {
    throw new OrgoError('TASK.TOP_OF_CHAIN', `Task ${task.key} is a broadcast to a whole tier; it has no chain to escalate along`, where);
  }
  if (task.suggestedPosition && task.escalationChain.length <= 1) {
    throw new OrgoError('TASK.TOP_OF_CHAIN', `Task ${task.key} waits in triage for its route to be confirmed; it has no chain to escalate along yet`, {
      ...where,
      hint: `confirm the route first: PATCH /api/v1/tasks/${task.id} { "assignee": { "position": "${task.suggestedPosition}" } }`,
    });
  }
  if (task.escalationLevel >= task.escalationChain.length - 1) {
    throw new OrgoError('TASK.TOP_OF_CHAIN', `Task ${task.key} is already at the top of its escalation chain (${task.assigneePosition}); there is no one above to escalate to`, where);
  }
}
