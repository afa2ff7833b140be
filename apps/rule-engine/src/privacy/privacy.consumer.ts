import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type IdentityRevealRequestV1,
  type IdentityRevealResponseV1,
  type ReporterPseudonymizeRequestV1,
  type ReporterPseudonymizeResponseV1,
  RPC,
  type RpcResult,
} from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { IdentityRevealService } from './identity-reveal.service';
import { ReporterPseudonymService } from './reporter-pseudonym.service';

/** Answers the API's `rpc.privacy.reveal` (a privacy officer's reveal of a pseudonym) and `rpc.privacy.pseudonymize` (a sensitive manual task's reporter). */
@Controller()
export class PrivacyConsumer {
  constructor(
    private readonly reveals: IdentityRevealService,
    private readonly reporters: ReporterPseudonymService,
  ) {}

  @MessagePattern(RPC.privacyReveal)
  reveal(@Payload() request: IdentityRevealRequestV1): Promise<RpcResult<IdentityRevealResponseV1>> {
    return answerRpc(() => this.reveals.reveal(request));
  }

  @MessagePattern(RPC.privacyPseudonymize)
  pseudonymize(@Payload() request: ReporterPseudonymizeRequestV1): Promise<RpcResult<ReporterPseudonymizeResponseV1>> {
    return answerRpc(() => this.reporters.pseudonymize(request));
  }
}
