import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type IdentityRevealRequestV1, type IdentityRevealResponseV1, RPC, type RpcResult } from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { IdentityRevealService } from './identity-reveal.service';

/** Answers the API's `rpc.privacy.reveal` (a privacy officer's reveal of a pseudonym). */
@Controller()
export class PrivacyConsumer {
  constructor(private readonly reveals: IdentityRevealService) {}

  @MessagePattern(RPC.privacyReveal)
  reveal(@Payload() request: IdentityRevealRequestV1): Promise<RpcResult<IdentityRevealResponseV1>> {
    return answerRpc(() => this.reveals.reveal(request));
  }
}
