import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EMAIL_READ_RPC, type EmailGetQueryV1, type EmailViewV1, type RpcResult } from '@orgo/contracts';
import { answerRpc } from '@orgo/runtime';

import { EmailReadService } from './email-read.service';

/** Answers the API's `rpc.email.get` (`GET /api/v1/emails/{id}`). */
@Controller()
export class EmailReadConsumer {
  constructor(private readonly emails: EmailReadService) {}

  @MessagePattern(EMAIL_READ_RPC.get)
  get(@Payload() query: EmailGetQueryV1): Promise<RpcResult<EmailViewV1>> {
    return answerRpc(() => this.emails.get(query));
  }
}
