import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { type Envelope, type TaskEventName, type TaskEventV1, createEnvelope, taskRoutingKey } from '@orgo/contracts';
import { addToOutbox } from '@orgo/messaging';
import { insertRows } from '@orgo/persistence';
import { type Clock, CLOCK } from '@orgo/runtime';
import type { EntityManager } from 'typeorm';

import { DirectoryRegistry } from '../directory/directory.registry';
import { TaskEventEntity } from './entities/task-event.entity';
import { type TaskLinksOf, UNLINKED, linksOf } from './entities/task-links';
import type { TaskEntity } from './entities/task.entity';
import { toTaskSnapshot, toTimelineEntry } from './task-snapshot.mapper';

export interface TimelineEntryInput {
  type: TaskEventName;
  actor: string;
  data: Record<string, unknown>;
}

/**
 * Records timeline entries and publishes each as `task.<type>.<event>` through the outbox, in the
 * caller's transaction: the state change, its history and its event commit together.
 */
@Injectable()
export class TaskTimeline {
  constructor(
    private readonly directories: DirectoryRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    manager: EntityManager,
    task: TaskEntity,
    entries: TimelineEntryInput[],
    cause: Pick<Envelope, 'id' | 'correlationId'> | null,
    previous: TaskEventV1['previous'] = null,
  ): Promise<TaskEventEntity[]> {
    const last = await manager.findOne(TaskEventEntity, { where: { taskId: task.id }, order: { seq: 'DESC' }, select: ['seq'] });
    return this.append(manager, task, entries, cause, previous, last?.seq ?? 0, await linksOf(manager, task.id));
  }

  /** The first entries of a task inserted in this transaction: its timeline starts at 1, its links are the caller's (none, or a split's), nothing to look up. */
  recordNew(
    manager: EntityManager,
    task: TaskEntity,
    entries: TimelineEntryInput[],
    cause: Pick<Envelope, 'id' | 'correlationId'> | null,
    linked: TaskLinksOf = UNLINKED,
  ): Promise<TaskEventEntity[]> {
    return this.append(manager, task, entries, cause, null, 0, linked);
  }

  private async append(
    manager: EntityManager,
    task: TaskEntity,
    entries: TimelineEntryInput[],
    cause: Pick<Envelope, 'id' | 'correlationId'> | null,
    previous: TaskEventV1['previous'],
    lastSeq: number,
    linked: TaskLinksOf,
  ): Promise<TaskEventEntity[]> {
    const { model, directory } = this.directories.get(task.organization);
    let seq = lastSeq;
    const at = this.clock().toISOString();
    const rows = entries.map((e) =>
      manager.create(TaskEventEntity, { id: randomUUID(), taskId: task.id, seq: ++seq, type: e.type, at, actor: e.actor, data: e.data }),
    );
    await insertRows(manager, TaskEventEntity, rows);
    const snapshot = toTaskSnapshot(task, linked);
    const holders = directory.holdersOf(task.assigneePosition);
    const envelopes = rows.map((row) => {
      const payload: TaskEventV1 = {
        task: snapshot,
        event: toTimelineEntry(row),
        assigneeHolders: holders,
        previous,
        organizationName: model.name,
      };
      return createEnvelope(taskRoutingKey(task.type, row.type as TaskEventName), payload, {
        producer: 'task-service',
        organizationId: task.organization,
        ...(cause ? { cause } : { correlationId: task.id }),
      });
    });
    await addToOutbox(manager, ...envelopes);
    return rows;
  }

  /** A task's timeline entries of one type, oldest first. */
  entriesOf(manager: EntityManager, taskId: string, type: TaskEventName): Promise<TaskEventEntity[]> {
    return manager.find(TaskEventEntity, { where: { taskId, type }, order: { seq: 'ASC' } });
  }
}
