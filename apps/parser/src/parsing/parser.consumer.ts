import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type EmailReceivedV1,
  QUARANTINE_RPC,
  type QuarantineListQueryV1,
  type QuarantineListResultV1,
  type QuarantineReplayCommandV1,
  type QuarantineReplayResultV1,
  ROUTING_KEYS,
  type RpcResult,
} from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { QuarantineService } from '../quarantine/quarantine.service';
import { ParserService } from './parser.service';

/** Consumes `email.received` (queue `orgo.parser`) and answers the API's quarantine requests. */
@Controller()
export class ParserConsumer {
  constructor(
    private readonly parser: ParserService,
    private readonly quarantine: QuarantineService,
  ) {}

  @EventPattern(ROUTING_KEYS.emailReceived)
  received(@Ctx() context: BusContext<EmailReceivedV1>): Promise<EventOutcome> {
    return this.parser.handleReceived(context.envelope, context.manager);
  }

  @MessagePattern(QUARANTINE_RPC.list)
  listQuarantine(@Payload() query: QuarantineListQueryV1): Promise<RpcResult<QuarantineListResultV1>> {
    return this.quarantine.list(query);
  }

  @MessagePattern(QUARANTINE_RPC.replay)
  replayQuarantined(@Payload() command: QuarantineReplayCommandV1): Promise<RpcResult<QuarantineReplayResultV1>> {
    return this.quarantine.replay(command);
  }
}
