import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { TaskSnapshotV1, TaskSplitRequestV1 } from '@orgo/contracts';
import { TransactionRunner, insertRows } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, ServiceRuntime } from '@orgo/runtime';
import type { Logger } from 'pino';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { TaskLinkEntity } from '../../entities/task-link.entity';
import { linksOf } from '../../entities/task-links';
import type { TaskEntity } from '../../entities/task.entity';
import { updateTask } from '../../entities/update-task';
import { TaskTimeline } from '../../task-timeline';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { refuseUnknownRoute } from '../create-manual-task/refuse-unknown-route';
import { CreateTaskService, type NewTask } from '../create-task/create-task.service';
import { findVisibleTask } from '../query-tasks/find-visible-task';
import { TaskVisibility } from '../query-tasks/task-visibility';

/**
 * One mail, two problems (`POST /tasks/{id}/split`, SPEC §6 Mail hygiene): a new task from the
 * original's source mail through `CreateTaskService.create`, the path of every new task — plan,
 * label, route, chain, clock, key, `created` and `routed` entries. The original must be visible to
 * the caller (else `TASK.NOT_FOUND`). The new task keeps the original's reporter (a pseudonym for a
 * sensitive report, never the identity), sensitivity, visibility and tags; type, subtype, category,
 * subcategory, priority and description are the original's unless given; it goes to `route_to`,
 * else where the source mailbox's role routes (else triage, else the head). `split` on the
 * original and `split_from` on the new task, in one transaction; published and so audited.
 */
@Injectable()
export class SplitTaskService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    private readonly timeline: TaskTimeline,
    private readonly directories: DirectoryRegistry,
    private readonly visibility: TaskVisibility,
    private readonly create: CreateTaskService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(request: TaskSplitRequestV1): Promise<TaskSnapshotV1> {
    const snapshot = await this.tx.run(async (manager) => {
      const original = await findVisibleTask(manager, request.id, request.scope, this.visibility.check(request.viewer), true);
      const routeTo = request.route_to?.trim() || undefined;
      if (routeTo) refuseUnknownRoute(this.directories, original.organization, routeTo);
      const emailId = original.sourceEmailId ?? (await linksOf(manager, original.id)).splitSourceEmailId;

      const split = await this.create.create(manager, newTaskFrom(original, request, routeTo, emailId), null);
      const now = this.clock();
      await insertRows(
        manager,
        TaskLinkEntity,
        manager.create(TaskLinkEntity, {
          id: randomUUID(),
          kind: 'split',
          taskId: split.id,
          otherTaskId: original.id,
          organization: original.organization,
          sourceEmailId: emailId,
          actor: request.actor,
          reason: null,
          createdAt: now.toISOString(),
        }),
      );
      original.updatedAt = now.toISOString();
      original.version++;
      await updateTask(manager, original);
      await this.timeline.record(manager, original, [{ type: 'split', actor: request.actor, data: { task_id: split.id, key: split.key, email_id: emailId } }], null);
      await this.timeline.record(manager, split, [{ type: 'split_from', actor: request.actor, data: { task_id: original.id, key: original.key, email_id: emailId } }], null);
      this.logger.info({ taskId: split.id, key: split.key, label: split.label, splitFrom: original.id, splitFromKey: original.key }, 'task split off another');
      return toTaskSnapshot(split, await linksOf(manager, split.id));
    });
    this.runtime.flushOutbox();
    return snapshot;
  }
}

/**
 * What the new task is made of. `tasks.source_email_id` is one task's (unique): the split keeps the
 * mail in its `task_links` row and shows it from there, and no Message-ID of its own, so a reply in
 * the mail's thread still reaches the original; its notifications carry its own id for replies.
 */
function newTaskFrom(original: TaskEntity, request: TaskSplitRequestV1, routeTo: string | undefined, emailId: string | null): NewTask {
  const type = request.type ?? original.type;
  return {
    organization: original.organization,
    from: original.sourceOrganization,
    action: {
      type,
      subtype: request.subtype ?? (type === original.type ? (original.subtype ?? undefined) : undefined),
      category: request.category ?? original.category,
      subcategory: request.subcategory ?? original.subcategory,
      priority: request.priority ?? original.priority,
      route_to: routeTo,
      sensitive: original.sensitive,
      visibility: original.visibility,
      tags: [...original.tags],
    },
    // A task a rule routed to another organization has no mailbox role there (see CreateTaskService.destination).
    mailbox: original.sourceOrganization ? '' : (original.sourceMailbox ?? ''),
    problem: null,
    title: request.title.trim(),
    description: request.description ?? original.description,
    reporter: original.reporter,
    matchedRules: [],
    defaults: {},
    source: { emailId: null, mailbox: original.sourceMailbox, messageId: null, receivedAt: original.sourceReceivedAt },
    created: { via: 'split', split_from: original.id, split_from_key: original.key, email_id: emailId },
    routedBy: request.actor,
    // Its first entries already show the mail and the original (the audit trail finds the task by the mail's id).
    linked: { links: { merged_into: null, merged: [], split_from: original.id, split_into: [] }, splitSourceEmailId: emailId, attachments: [] },
  };
}
