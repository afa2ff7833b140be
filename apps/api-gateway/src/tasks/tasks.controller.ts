import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  RPC,
  type TaskEscalateRequestV1,
  type TaskEventsResultV1,
  type TaskListResultV1,
  type TaskSnapshotV1,
} from '@orgo/contracts';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { EscalateTaskDto } from './dto/escalate-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import { UpdateTaskDto } from './dto/update-task.dto';

/** A member sees tasks by their visibility; an administrator sees every task of the scope. */
const viewerOf = (user: AuthUser): string | null => (user.role === 'admin' ? null : user.email);

/** Tasks, read from the task-service over the bus (the API never reads its tables). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Query() query: ListTasksQuery, @CurrentUser() user: AuthUser): Promise<TaskListResultV1> {
    return this.rpc.call(RPC.taskList, { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0, scope: user.scope, viewer: viewerOf(user) });
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'No such task, or not visible to the caller' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<TaskSnapshotV1> {
    return this.rpc.call(RPC.taskGet, { id, scope: user.scope, viewer: viewerOf(user) });
  }

  @Get(':id/events')
  events(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<TaskEventsResultV1> {
    return this.rpc.call(RPC.taskEvents, { id, scope: user.scope, viewer: viewerOf(user) });
  }

  @Patch(':id')
  @ApiConflictResponse({ description: 'The transition is not allowed from the current status, or the organization has no such position' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateTaskDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskSnapshotV1> {
    return this.rpc.call(RPC.taskTransition, { id, status: body.status, assignee: body.assignee, reason: body.reason, actor: user.email, scope: user.scope, viewer: viewerOf(user) });
  }

  @Post(':id/escalate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Escalate a task one step up its chain',
    description:
      'The same step as an elapsed reactivity time (SPEC §6): the next position of the chain (after the profile’s ' +
      'granularity or the rule’s escalation_path) gets the task, its label’s level is recomputed, the status becomes ' +
      '`escalated` and the clock restarts. Recorded as an `escalated` event with reason `manual`, the caller as actor ' +
      'and the given reason as `note`, and audited.',
  })
  @ApiOkResponse({ description: 'The task after the step' })
  @ApiNotFoundResponse({ description: 'No such task, or not visible to the caller' })
  @ApiConflictResponse({ description: 'The task is closed (TASK.CLOSED) or already at the top of its chain (TASK.TOP_OF_CHAIN)' })
  escalate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EscalateTaskDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskSnapshotV1> {
    const request: TaskEscalateRequestV1 = { id, actor: user.email, reason: body?.reason ?? null, scope: user.scope, viewer: viewerOf(user) };
    return this.rpc.call(RPC.taskEscalate, request);
  }
}
