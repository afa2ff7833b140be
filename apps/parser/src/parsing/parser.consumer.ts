import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { type EmailReceivedV1, ROUTING_KEYS } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { ParserService } from './parser.service';

/** Consumes `email.received` (queue `orgo.parser`). */
@Controller()
export class ParserConsumer {
  constructor(private readonly parser: ParserService) {}

  @EventPattern(ROUTING_KEYS.emailReceived)
  received(@Ctx() context: BusContext<EmailReceivedV1>): Promise<EventOutcome> {
    return this.parser.handleReceived(context.envelope, context.manager);
  }
}
