import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  QUEUES,
  ROUTING_KEYS,
  RPC,
  type RpcResult,
  type TaskGetQueryV1,
  type TaskListQueryV1,
  type TaskTransitionCommandV1,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { ServiceRuntime } from '@orgo/runtime';

import { CreateTaskService } from './use-cases/create-task/create-task.service';
import { EscalateTaskService } from './use-cases/escalate-task/escalate-task.service';
import { QueryTasksService } from './use-cases/query-tasks/query-tasks.service';
import { TransitionTaskService } from './use-cases/transition-task/transition-task.service';

/** Wraps an RPC answer: domain errors travel back as data with their stable code. */
async function answer<T>(work: () => Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof OrgoError) return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
    throw error;
  }
}

/** Consumes `command.task.*` and answers the API's task requests. */
@Injectable()
export class TasksConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly create: CreateTaskService,
    private readonly escalate: EscalateTaskService,
    private readonly transition: TransitionTaskService,
    private readonly query: QueryTasksService,
  ) {}

  onModuleInit(): void {
    this.runtime.subscribe(QUEUES.taskService, async (envelope, manager) => {
      if (envelope.type === ROUTING_KEYS.taskCreate) return this.create.execute(envelope, manager);
      if (envelope.type === ROUTING_KEYS.taskEscalate) return this.escalate.execute(envelope, manager);
      return 'skipped';
    });
    this.runtime.respond(RPC.taskList, (p) => answer(() => this.query.list(p as TaskListQueryV1)));
    this.runtime.respond(RPC.taskGet, (p) => answer(() => this.query.get(p as TaskGetQueryV1)));
    this.runtime.respond(RPC.taskEvents, (p) => answer(() => this.query.events(p as TaskGetQueryV1)));
    this.runtime.respond(RPC.taskTransition, (p) => answer(() => this.transition.execute(p as TaskTransitionCommandV1)));
  }
}
