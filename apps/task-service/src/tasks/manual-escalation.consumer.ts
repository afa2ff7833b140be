import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcResult, type TaskEscalateRequestV1, type TaskSnapshotV1 } from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { EscalateManuallyService } from './use-cases/escalate-manually/escalate-manually.service';

/** Answers `rpc.task.escalate` (`POST /api/v1/tasks/{id}/escalate`): a person escalates a task one step. */
@Controller()
export class ManualEscalationConsumer {
  constructor(private readonly escalateManually: EscalateManuallyService) {}

  @MessagePattern(RPC.taskEscalate)
  escalateTask(@Payload() request: TaskEscalateRequestV1): Promise<RpcResult<TaskSnapshotV1>> {
    return answerRpc(() => this.escalateManually.execute(request));
  }
}
