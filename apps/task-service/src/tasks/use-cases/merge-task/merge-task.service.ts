import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { TaskMergeRequestV1, TaskSnapshotV1 } from '@orgo/contracts';
import { mergeRefusal } from '@orgo/domain';
import { isPseudonym } from '@orgo/privacy';
import { TransactionRunner, insertRows } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, ServiceRuntime } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskLinkEntity } from '../../entities/task-link.entity';
import { linksOf, mergedInto } from '../../entities/task-links';
import type { TaskEntity } from '../../entities/task.entity';
import { updateTask } from '../../entities/update-task';
import { TaskTimeline } from '../../task-timeline';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { findVisibleTask } from '../query-tasks/find-visible-task';
import { TaskVisibility } from '../query-tasks/task-visibility';
import { changeStatus } from '../transition-task/change-status';

/**
 * A person merges a duplicate report into the task it duplicates (`POST /tasks/{id}/merge`, SPEC §6
 * Mail hygiene). Both tasks must be visible to them (else `TASK.NOT_FOUND`, like a missing one, as
 * for a transition); the rules of `mergeRefusal` (@orgo/domain) refuse the rest. The duplicate is
 * cancelled (its clock stops, so the scheduler drops its timers) with a `merged_into` entry; the
 * survivor gets a `merged` entry naming the duplicate and its source mail; a `task_links` row
 * makes replies to the duplicate's notifications and source mail reach the survivor
 * (`find-replied-task.ts`). Every entry is published and so audited. Answers the survivor.
 */
@Injectable()
export class MergeTaskService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    private readonly timeline: TaskTimeline,
    private readonly directories: DirectoryRegistry,
    private readonly visibility: TaskVisibility,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(request: TaskMergeRequestV1): Promise<TaskSnapshotV1> {
    const reason = request.reason?.trim() || null;
    const snapshot = await this.tx.run(async (manager) => {
      const { duplicate, survivor } = await this.lockBoth(manager, request);
      const refusal = mergeRefusal(
        { ...duplicate, mergedInto: await mergedInto(manager, duplicate.id) },
        { ...survivor, mergedInto: await mergedInto(manager, survivor.id) },
      );
      if (refusal) throw refusal;

      const now = this.clock();
      const cancelled = changeStatus(duplicate, 'cancelled', request.actor, `merged into ${survivor.key}${reason ? `: ${reason}` : ''}`, now, this.directories.clockOf(duplicate));
      survivor.updatedAt = now.toISOString();
      survivor.version++;
      const link = manager.create(TaskLinkEntity, {
        id: randomUUID(),
        kind: 'merged',
        taskId: duplicate.id,
        otherTaskId: survivor.id,
        organization: survivor.organization,
        sourceEmailId: duplicate.sourceEmailId,
        actor: request.actor,
        reason,
        createdAt: now.toISOString(),
      });
      await insertRows(manager, TaskLinkEntity, link);
      await updateTask(manager, duplicate);
      await updateTask(manager, survivor);
      await this.timeline.record(manager, duplicate, [{ type: 'merged_into', actor: request.actor, data: { task_id: survivor.id, key: survivor.key, reason } }, cancelled], null);
      await this.timeline.record(manager, survivor, [{ type: 'merged', actor: request.actor, data: mergedData(duplicate, reason) }], null);
      this.logger.info({ taskId: duplicate.id, key: duplicate.key, into: survivor.id, intoKey: survivor.key }, 'task merged into another');
      return toTaskSnapshot(survivor, await linksOf(manager, survivor.id));
    });
    this.runtime.flushOutbox();
    return snapshot;
  }

  /** Both tasks, locked in id order (two merges crossing never deadlock), each visible to the caller. */
  private async lockBoth(manager: EntityManager, request: TaskMergeRequestV1): Promise<{ duplicate: TaskEntity; survivor: TaskEntity }> {
    const visible = this.visibility.check(request.viewer);
    const [first, second] = [request.id, request.into].sort();
    const loaded = new Map<string, TaskEntity>();
    for (const id of new Set([first, second])) loaded.set(id, await findVisibleTask(manager, id, request.scope, visible, true));
    return { duplicate: loaded.get(request.id) as TaskEntity, survivor: loaded.get(request.into) as TaskEntity };
  }
}

/**
 * The survivor's `merged` entry: the duplicate and its source mail. Its reporter only as the task
 * shows it — a pseudonym for a sensitive report, never an address a report from before pseudonyms kept.
 */
function mergedData(duplicate: TaskEntity, reason: string | null): Record<string, unknown> {
  const reporter = duplicate.sensitive && !isPseudonym(duplicate.reporter) ? null : duplicate.reporter;
  return {
    task_id: duplicate.id,
    key: duplicate.key,
    reporter,
    source: { email_id: duplicate.sourceEmailId, mailbox: duplicate.sourceMailbox, message_id: duplicate.sourceMessageId },
    reason,
  };
}
