import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcResult, type TaskMergeRequestV1, type TaskSnapshotV1, type TaskSplitRequestV1 } from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { MergeTaskService } from './use-cases/merge-task/merge-task.service';
import { SplitTaskService } from './use-cases/split-task/split-task.service';

/** Answers `rpc.task.merge` and `rpc.task.split` (`POST /api/v1/tasks/{id}/merge|split`): mail hygiene, SPEC §6. */
@Controller()
export class TaskLinksConsumer {
  constructor(
    private readonly merge: MergeTaskService,
    private readonly split: SplitTaskService,
  ) {}

  @MessagePattern(RPC.taskMerge)
  mergeTask(@Payload() request: TaskMergeRequestV1): Promise<RpcResult<TaskSnapshotV1>> {
    return answerRpc(() => this.merge.execute(request));
  }

  @MessagePattern(RPC.taskSplit)
  splitTask(@Payload() request: TaskSplitRequestV1): Promise<RpcResult<TaskSnapshotV1>> {
    return answerRpc(() => this.split.execute(request));
  }
}
