import { Inject, Injectable } from '@nestjs/common';
import { RPC, type ReporterPseudonymizeRequestV1, type ReporterPseudonymizeResponseV1, type TaskCreateRequestV1, type TaskSnapshotV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import type { AuthUser } from '../auth/auth-user';
import { RpcClient } from '../common/rpc-client';
import type { CreateTaskDto } from './dto/create-task.dto';

/**
 * `POST /api/v1/tasks`: the task-service creates the task (`rpc.task.create`) with the caller as
 * reporter. A sensitive report (SPEC §6 Privacy) first gets its reporter's pseudonym and a title and
 * description scrubbed of them from the rule-engine (`rpc.privacy.pseudonymize`), so the caller's
 * identity never reaches the task, its timeline, its events or any answer.
 */
@Injectable()
export class ManualTaskService {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  async create(body: CreateTaskDto, user: AuthUser): Promise<TaskSnapshotV1> {
    const request: TaskCreateRequestV1 = { ...body, reporter: user.email, scope: user.scope };
    if (!body.sensitive) return this.rpc.call(RPC.taskCreate, request);
    const model = this.context.config.organizations.find((o) => o.slug === body.organization && (user.scope === null || user.scope.includes(o.slug)));
    if (!model) {
      throw new OrgoError('ORGANIZATION.NOT_FOUND', `No organization '${body.organization}' you may create tasks in; check the slug (the folder under organizations/)`, { organization: body.organization });
    }
    const person = model.people.find((p) => p.email.toLowerCase() === user.email.toLowerCase());
    const pseudonymize: ReporterPseudonymizeRequestV1 = { organization: model.slug, address: user.email, name: person?.name ?? null, title: body.title, description: body.description ?? '' };
    const shown = await this.rpc.call<ReporterPseudonymizeResponseV1>(RPC.privacyPseudonymize, pseudonymize);
    return this.rpc.call(RPC.taskCreate, { ...request, title: shown.title, description: shown.description, reporter: shown.pseudonym });
  }
}
