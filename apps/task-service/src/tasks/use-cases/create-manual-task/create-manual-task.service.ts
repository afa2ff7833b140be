import { Injectable } from '@nestjs/common';
import type { TaskCreateRequestV1, TaskSnapshotV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { isPseudonym } from '@orgo/privacy';
import { TransactionRunner } from '@orgo/persistence';
import { ServiceRuntime } from '@orgo/runtime';

import { DirectoryRegistry } from '../../../directory/directory.registry';
import { UNLINKED } from '../../entities/task-links';
import { toTaskSnapshot } from '../../task-snapshot.mapper';
import { CreateTaskService } from '../create-task/create-task.service';
import { refuseUnknownRoute } from './refuse-unknown-route';

/**
 * A person creates a task through the API (`POST /api/v1/tasks`, SPEC §7 "manual task"): the same
 * plan, label, route, chain, clock and timeline as a routed email's task (`CreateTaskService.create`),
 * with the person (their pseudonym for a sensitive report, its text already scrubbed by the
 * rule-engine) as reporter and as the actor of `created` and `routed`. Refused before anything is
 * written: an organization outside the caller's scope or not configured (`ORGANIZATION.NOT_FOUND`),
 * a `route_to` that names nothing of it (`TASK.UNKNOWN_POSITION`), a sensitive report whose
 * reporter is not a pseudonym (`TASK.SENSITIVE_NEEDS_PSEUDONYM`).
 */
@Injectable()
export class CreateManualTaskService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly runtime: ServiceRuntime,
    private readonly directories: DirectoryRegistry,
    private readonly create: CreateTaskService,
  ) {}

  async execute(request: TaskCreateRequestV1): Promise<TaskSnapshotV1> {
    this.refuseUnlessPlannable(request);
    const snapshot = await this.tx.run(async (manager) => {
      const task = await this.create.create(
        manager,
        {
          organization: request.organization,
          from: null,
          action: {
            type: request.type,
            subtype: request.subtype,
            category: request.category ?? 1,
            subcategory: request.subcategory ?? 1,
            priority: request.priority,
            severity: request.severity,
            route_to: request.route_to.trim(),
            sensitive: request.sensitive === true,
            tags: request.tags ?? [],
          },
          mailbox: '',
          problem: null,
          title: request.title.trim(),
          description: request.description ?? '',
          reporter: request.reporter,
          matchedRules: [],
          defaults: {},
          source: { emailId: null, mailbox: null, messageId: null, receivedAt: null },
          created: { via: 'api' },
          routedBy: request.reporter,
        },
        null,
      );
      return toTaskSnapshot(task, UNLINKED);
    });
    this.runtime.flushOutbox();
    return snapshot;
  }

  private refuseUnlessPlannable(request: TaskCreateRequestV1): void {
    const { organization } = request;
    const entry = request.scope === null || request.scope.includes(organization) ? this.directories.find(organization) : undefined;
    if (!entry) {
      throw new OrgoError('ORGANIZATION.NOT_FOUND', `No organization '${organization}' you may create tasks in; check the slug (the folder under organizations/)`, { organization });
    }
    refuseUnknownRoute(this.directories, organization, request.route_to);
    if (request.sensitive && !isPseudonym(request.reporter)) {
      throw new OrgoError('TASK.SENSITIVE_NEEDS_PSEUDONYM', 'A sensitive report must name its reporter by pseudonym (rpc.privacy.pseudonymize first); it would name them', { field: 'reporter' });
    }
  }
}
