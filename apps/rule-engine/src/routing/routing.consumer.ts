import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@orgo/contracts';
import { ServiceRuntime } from '@orgo/runtime';

import { RoutingService } from './routing.service';

/** Consumes `email.parsed`. */
@Injectable()
export class RoutingConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly routing: RoutingService,
  ) {}

  onModuleInit(): void {
    this.runtime.subscribe(QUEUES.ruleEngine, (envelope, manager) => this.routing.handleParsed(envelope, manager));
  }
}
