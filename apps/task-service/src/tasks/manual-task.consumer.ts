import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcResult, type TaskCreateRequestV1, type TaskSnapshotV1 } from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { CreateManualTaskService } from './use-cases/create-manual-task/create-manual-task.service';

/** Answers `rpc.task.create` (`POST /api/v1/tasks`): a person creates a task by hand. */
@Controller()
export class ManualTaskConsumer {
  constructor(private readonly createManualTask: CreateManualTaskService) {}

  @MessagePattern(RPC.taskCreate)
  createTask(@Payload() request: TaskCreateRequestV1): Promise<RpcResult<TaskSnapshotV1>> {
    return answerRpc(() => this.createManualTask.execute(request));
  }
}
