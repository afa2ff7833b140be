import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { ROUTING_KEYS, type ReporterPseudonymizedV1 } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { ReporterPseudonymizedService } from './reporter-pseudonymized.service';

/** Consumes `privacy.reporter.pseudonymized` (queue `orgo.parser`), in the message's inbox transaction. */
@Controller()
export class ReporterPseudonymizedConsumer {
  constructor(private readonly pseudonymized: ReporterPseudonymizedService) {}

  @EventPattern(ROUTING_KEYS.reporterPseudonymized)
  pseudonymizedReporter(@Ctx() context: BusContext<ReporterPseudonymizedV1>): Promise<EventOutcome> {
    return this.pseudonymized.handle(context.envelope, context.manager);
  }
}
