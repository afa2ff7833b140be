import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  RPC,
  type TaskEventsResultV1,
  type TaskListResultV1,
  type TaskSnapshotV1,
} from '@orgo/contracts';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
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
}
