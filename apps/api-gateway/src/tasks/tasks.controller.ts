import { BadRequestException, Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  RPC,
  type TaskEscalateRequestV1,
  type TaskEventsResultV1,
  type TaskListQueryV1,
  type TaskListResultV1,
  type TaskMergeRequestV1,
  type TaskSnapshotV1,
  type TaskSplitRequestV1,
  type TaskTransitionCommandV1,
} from '@orgo/contracts';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { CreateTaskDto } from './dto/create-task.dto';
import { EscalateTaskDto } from './dto/escalate-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import { MergeTaskDto } from './dto/merge-task.dto';
import { SplitTaskDto } from './dto/split-task.dto';
import { UpdateTaskDto } from './dto/update-task.dto';
import { ManualTaskService } from './manual-task.service';

/** A member sees tasks by their visibility; an administrator sees every task of the scope. */
const viewerOf = (user: AuthUser): string | null => (user.role === 'admin' ? null : user.email);

/** Tasks, read from the task-service over the bus (the API never reads its tables). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly manualTasks: ManualTaskService,
  ) {}

  @Get()
  list(@Query() query: ListTasksQuery, @CurrentUser() user: AuthUser): Promise<TaskListResultV1> {
    const { mine, ...filters } = query;
    const request: TaskListQueryV1 = { ...filters, limit: query.limit ?? 50, offset: query.offset ?? 0, scope: user.scope, viewer: viewerOf(user), ...(mine === 'true' ? { holder: user.email } : {}) };
    return this.rpc.call(RPC.taskList, request);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create a task by hand',
    description:
      'Planned, labelled and routed like a task from mail (SPEC §4): the label is `<level of the position>.<category><subcategory>.<role>`, ' +
      'the escalation chain, timers and notifications are those of a routed email. The caller is the reporter and the actor of the ' +
      '`created` and `routed` entries — for `sensitive: true`, under their pseudonym in the organization (`Anon-7`, ' +
      'the one a sensitive mail of theirs gets), title and description scrubbed of their address, name and phone numbers.',
  })
  @ApiCreatedResponse({ description: 'The task (SPEC §4 JSON)' })
  @ApiBadRequestResponse({ description: 'A field of the wrong form (the message names it)' })
  @ApiNotFoundResponse({ description: 'No such organization, or not one of the caller’s (ORGANIZATION.NOT_FOUND)' })
  @ApiConflictResponse({ description: 'route_to names no position, role or role address of the organization (TASK.UNKNOWN_POSITION)' })
  create(@Body() body: CreateTaskDto, @CurrentUser() user: AuthUser): Promise<TaskSnapshotV1> {
    return this.manualTasks.create(body, user);
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
  @ApiOperation({ summary: 'Change a task', description: 'Any of assignee, priority, eta, comment and status in one call (applied in that order); at least one.' })
  @ApiBadRequestResponse({ description: 'Nothing to change, or a field of the wrong form (an eta that is neither an ISO-8601 date-time nor a duration)' })
  @ApiConflictResponse({ description: 'The transition is not allowed from the current status, or the organization has no such position' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateTaskDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskSnapshotV1> {
    const { status, assignee, priority, comment, eta, reason } = body;
    if ([status, assignee, priority, comment, eta].every((field) => field === undefined)) {
      throw new BadRequestException('Give at least one of status, assignee, priority, comment and eta, e.g. { "priority": "high", "comment": "Parts ordered" }');
    }
    const command: TaskTransitionCommandV1 = { id, status, assignee, priority, comment, eta, reason, actor: user.email, scope: user.scope, viewer: viewerOf(user) };
    return this.rpc.call(RPC.taskTransition, command);
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

  @Post(':id/merge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Merge a duplicate into the task it duplicates',
    description:
      'SPEC §6 Mail hygiene: the task {id} is cancelled (reason `merged into <key>`), its timers stop, and replies to its ' +
      'notifications or its source mail reach the surviving task `into`. Timeline entries `merged_into` on the duplicate and ' +
      '`merged` on the survivor (with the duplicate’s id, key and source); audited. The caller must see both tasks, as for PATCH.',
  })
  @ApiOkResponse({ description: 'The surviving task, its `links.merged` naming the duplicate' })
  @ApiBadRequestResponse({ description: '`into` is not a task id' })
  @ApiNotFoundResponse({ description: 'Either task does not exist or is not visible to the caller (TASK.NOT_FOUND)' })
  @ApiConflictResponse({
    description:
      'TASK.MERGE_SELF, TASK.MERGE_OTHER_ORGANIZATION, TASK.MERGE_ALREADY_MERGED, TASK.MERGE_DUPLICATE_CLOSED, TASK.MERGE_CHAIN ' +
      '(into a merged task), TASK.MERGE_TARGET_CLOSED, TASK.MERGE_SENSITIVITY (a sensitive report into a task that is not)',
  })
  merge(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: MergeTaskDto, @CurrentUser() user: AuthUser): Promise<TaskSnapshotV1> {
    const request: TaskMergeRequestV1 = { id, into: body.into, reason: body.reason ?? null, actor: user.email, scope: user.scope, viewer: viewerOf(user) };
    return this.rpc.call(RPC.taskMerge, request);
  }

  @Post(':id/split')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Split a second task out of the same mail',
    description:
      'SPEC §6 Mail hygiene: one mail, two problems. A new task from the source mail of {id}, planned, labelled, routed and ' +
      'clocked like any new task (`route_to`, else the source mailbox’s role, else triage); reporter, sensitivity (the same ' +
      'pseudonym), visibility and tags are the original’s; unset fields are the original’s. Entries `split` on the original and ' +
      '`split_from` on the new task; audited. The caller must see the original, as for PATCH.',
  })
  @ApiCreatedResponse({ description: 'The new task, its `links.split_from` naming the original' })
  @ApiBadRequestResponse({ description: 'A field of the wrong form (the message names it)' })
  @ApiNotFoundResponse({ description: 'No such task, or not visible to the caller (TASK.NOT_FOUND)' })
  @ApiConflictResponse({ description: 'route_to names no position, role or role address of the organization (TASK.UNKNOWN_POSITION)' })
  split(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SplitTaskDto, @CurrentUser() user: AuthUser): Promise<TaskSnapshotV1> {
    const request: TaskSplitRequestV1 = { ...body, id, actor: user.email, scope: user.scope, viewer: viewerOf(user) };
    return this.rpc.call(RPC.taskSplit, request);
  }
}
