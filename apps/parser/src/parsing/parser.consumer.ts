import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@orgo/contracts';
import { ServiceRuntime } from '@orgo/runtime';

import { ParserService } from './parser.service';

/** Consumes `email.received`. */
@Injectable()
export class ParserConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly parser: ParserService,
  ) {}

  onModuleInit(): void {
    this.runtime.subscribe(QUEUES.parser, (envelope, manager) => this.parser.handleReceived(envelope, manager), { prefetch: 16 });
  }
}
