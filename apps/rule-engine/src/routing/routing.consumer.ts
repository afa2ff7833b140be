import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { type EmailParsedV1, ROUTING_KEYS } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { RoutingService } from './routing.service';

/** Consumes `email.parsed` (queue `orgo.rule-engine`). */
@Controller()
export class RoutingConsumer {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern(ROUTING_KEYS.emailParsed)
  parsed(@Ctx() context: BusContext<EmailParsedV1>): Promise<EventOutcome> {
    return this.routing.handleParsed(context.envelope, context.manager);
  }
}
