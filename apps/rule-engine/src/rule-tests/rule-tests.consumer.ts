import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcResult, type RuleDryRunV1, type RuleListV1, type RulesListQueryV1, type RulesTestQueryV1 } from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { RuleDryRunService } from './rule-dry-run.service';

/** Answers the API's `rpc.rules.test` (a dry run) and `rpc.rules.list` (the effective rules). */
@Controller()
export class RuleTestsConsumer {
  constructor(private readonly dryRuns: RuleDryRunService) {}

  @MessagePattern(RPC.rulesTest)
  test(@Payload() query: RulesTestQueryV1): Promise<RpcResult<RuleDryRunV1>> {
    return answerRpc(() => this.dryRuns.test(query));
  }

  @MessagePattern(RPC.rulesList)
  list(@Payload() query: RulesListQueryV1): Promise<RpcResult<RuleListV1>> {
    return answerRpc(() => this.dryRuns.list(query));
  }
}
