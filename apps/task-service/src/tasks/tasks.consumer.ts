import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type NotificationSentV1,
  ROUTING_KEYS,
  RPC,
  type RpcResult,
  type TaskAttachmentLocationV1,
  type TaskAttachmentQueryV1,
  type TaskCreateCommandV1,
  type TaskEscalateCommandV1,
  type TaskEventsResultV1,
  type TaskGetQueryV1,
  type TaskListQueryV1,
  type TaskListResultV1,
  type TaskReplyCommandV1,
  type TaskSnapshotV1,
  type TaskTransitionCommandV1,
} from '@orgo/contracts';
import { BusContext, type EventOutcome, answerRpc } from '@orgo/runtime';


import { ApplyReplyService } from './use-cases/apply-reply/apply-reply.service';
import { CreateTaskService } from './use-cases/create-task/create-task.service';
import { EscalateTaskService } from './use-cases/escalate-task/escalate-task.service';
import { QueryTasksService } from './use-cases/query-tasks/query-tasks.service';
import { RecordNotificationService } from './use-cases/record-notification/record-notification.service';
import { TransitionTaskService } from './use-cases/transition-task/transition-task.service';

/** Consumes `command.task.*` and `notification.broadcast.sent|failed` (queue `orgo.task-service`) and answers the API's task requests. */
@Controller()
export class TasksConsumer {
  constructor(
    private readonly applyReply: ApplyReplyService,
    private readonly create: CreateTaskService,
    private readonly escalate: EscalateTaskService,
    private readonly transition: TransitionTaskService,
    private readonly query: QueryTasksService,
    private readonly notifications: RecordNotificationService,
  ) {}

  @EventPattern(ROUTING_KEYS.taskCreate)
  createTask(@Ctx() context: BusContext<TaskCreateCommandV1>): Promise<EventOutcome> {
    return this.create.execute(context.envelope, context.manager);
  }

  @EventPattern(ROUTING_KEYS.taskEscalate)
  escalateTask(@Ctx() context: BusContext<TaskEscalateCommandV1>): Promise<EventOutcome> {
    return this.escalate.execute(context.envelope, context.manager);
  }

  @EventPattern(ROUTING_KEYS.taskReply)
  replyToTask(@Ctx() context: BusContext<TaskReplyCommandV1>): Promise<EventOutcome> {
    return this.applyReply.execute(context.envelope, context.manager);
  }

  /** Also the keys of before `notification.broadcast.*`, for what was queued under them (no longer bound). */
  @EventPattern([ROUTING_KEYS.notificationBroadcastSent, ROUTING_KEYS.notificationSent])
  notificationSent(@Ctx() context: BusContext<NotificationSentV1>): Promise<EventOutcome> {
    return this.notifications.execute(context.envelope, context.manager);
  }

  @EventPattern([ROUTING_KEYS.notificationBroadcastFailed, ROUTING_KEYS.notificationFailed])
  notificationFailed(@Ctx() context: BusContext<NotificationSentV1>): Promise<EventOutcome> {
    return this.notifications.execute(context.envelope, context.manager);
  }

  @MessagePattern(RPC.taskList)
  list(@Payload() query: TaskListQueryV1): Promise<RpcResult<TaskListResultV1>> {
    return answerRpc(() => this.query.list(query));
  }

  @MessagePattern(RPC.taskGet)
  get(@Payload() query: TaskGetQueryV1): Promise<RpcResult<TaskSnapshotV1>> {
    return answerRpc(() => this.query.get(query));
  }

  @MessagePattern(RPC.taskAttachment)
  attachment(@Payload() query: TaskAttachmentQueryV1): Promise<RpcResult<TaskAttachmentLocationV1>> {
    return answerRpc(() => this.query.attachment(query));
  }

  @MessagePattern(RPC.taskEvents)
  events(@Payload() query: TaskGetQueryV1): Promise<RpcResult<TaskEventsResultV1>> {
    return answerRpc(() => this.query.events(query));
  }

  @MessagePattern(RPC.taskTransition)
  transitionTask(@Payload() command: TaskTransitionCommandV1): Promise<RpcResult<TaskSnapshotV1>> {
    return answerRpc(() => this.transition.execute(command));
  }
}
