import { Injectable } from '@nestjs/common';
import type { Envelope, TaskInvestigateCommandV1, TaskInvestigationJoinCommandV1 } from '@orgo/contracts';
import { type Clock, CLOCK, LOGGER } from '@orgo/runtime';
import { Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import { In, type EntityManager } from 'typeorm';

import { TaskEntity } from '../../entities/task.entity';
import { updateTask } from '../../entities/update-task';
import { TaskTimeline } from '../../task-timeline';
import { CreateTaskService } from '../create-task/create-task.service';

/** Investigations are compliance reports (category 3, subcategory 4): routed to the head, never started at the top like a crisis. */
const INVESTIGATION = { type: 'investigation', category: 3, subcategory: 4 } as const;

/**
 * A review found a pattern (SPEC §6 "Reviews and patterns"): the investigation task, routed to the
 * responsible head with an audit label (`11.34.Ops`), linking the cases — `cases_linked` on the
 * investigation, `investigation_linked` on each case, and `metadata.investigation` on each case so
 * the API shows the link from both sides. `mode: propose` (automation assisted): it waits in
 * triage with the head as its suggested route until a person confirms it. The scheduler picks the
 * task id: a repeated command finds the task and does nothing. Later cases of the cluster join.
 */
@Injectable()
export class InvestigateService {
  constructor(
    private readonly create: CreateTaskService,
    private readonly timeline: TaskTimeline,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async open(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const command = envelope.payload as TaskInvestigateCommandV1;
    if (await manager.exists(TaskEntity, { where: { id: command.taskId } })) return 'skipped';
    const organization = envelope.organizationId as string;
    const investigation = await this.create.create(
      manager,
      {
        id: command.taskId,
        awaitConfirmation: command.mode === 'propose',
        organization,
        from: null,
        action: {
          ...INVESTIGATION,
          subtype: command.caseType,
          route_to: command.routeTo,
          priority: 'high',
          tags: command.shared,
          metadata: {
            review_cluster: command.cluster,
            review_run: command.reviewRunId,
            case_subtype: command.caseSubtype,
            cases: [],
          },
        },
        mailbox: '',
        problem: null,
        title: command.title,
        description: command.description,
        reporter: command.actor,
        matchedRules: [],
        defaults: {},
        source: { emailId: null, mailbox: null, messageId: null, receivedAt: null },
        created: {
          via: 'review',
          review_run: command.reviewRunId,
          cluster: command.cluster,
          mode: command.mode,
        },
        routedBy: command.actor,
      },
      envelope,
    );
    const linked = await this.link(
      manager,
      investigation,
      command.caseIds,
      command.cluster,
      command.actor,
      envelope,
    );
    this.logger.info(
      {
        taskId: investigation.id,
        key: investigation.key,
        cluster: command.cluster,
        cases: linked,
        mode: command.mode,
      },
      'investigation opened from a review',
    );
    return 'processed';
  }

  async join(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const command = envelope.payload as TaskInvestigationJoinCommandV1;
    const investigation = await manager.findOne(TaskEntity, {
      where: { id: command.investigationId, organization: envelope.organizationId as string },
    });
    if (!investigation) return 'skipped';
    const linked = await this.link(
      manager,
      investigation,
      command.caseIds,
      command.cluster,
      command.actor,
      envelope,
    );
    return linked > 0 ? 'processed' : 'skipped';
  }

  /** Links the cases not linked yet (of the investigation's organization); answers how many. */
  private async link(
    manager: EntityManager,
    investigation: TaskEntity,
    caseIds: string[],
    cluster: string,
    actor: string,
    cause: Envelope,
  ): Promise<number> {
    const cases = caseIds.length
      ? await manager.find(TaskEntity, {
          where: { id: In(caseIds), organization: investigation.organization },
          order: { createdAt: 'ASC' },
        })
      : [];
    const fresh = cases.filter(
      (c) => (c.metadata as { investigation?: { id?: string } }).investigation?.id !== investigation.id,
    );
    if (fresh.length === 0) return 0;
    const now = this.clock().toISOString();
    for (const task of fresh) {
      task.metadata = {
        ...task.metadata,
        investigation: { id: investigation.id, key: investigation.key, cluster },
      };
      task.updatedAt = now;
      task.version++;
      await updateTask(manager, task);
      await this.timeline.record(
        manager,
        task,
        [
          {
            type: 'investigation_linked',
            actor,
            data: { task_id: investigation.id, key: investigation.key, cluster },
          },
        ],
        cause,
      );
    }
    const known = ((investigation.metadata as { cases?: string[] }).cases ?? []).filter(
      (id) => !fresh.some((c) => c.id === id),
    );
    investigation.metadata = { ...investigation.metadata, cases: [...known, ...fresh.map((c) => c.id)] };
    investigation.updatedAt = now;
    investigation.version++;
    await updateTask(manager, investigation);
    await this.timeline.record(
      manager,
      investigation,
      [
        {
          type: 'cases_linked',
          actor,
          data: { cluster, cases: fresh.map((c) => ({ task_id: c.id, key: c.key })) },
        },
      ],
      cause,
    );
    return fresh.length;
  }
}
