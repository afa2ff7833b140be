import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@orgo/contracts';
import { ServiceRuntime } from '@orgo/runtime';

import { TimerBookService } from './timer-book.service';
import { TimerFiringService } from './timer-firing.service';

/** Consumes every task event (`task.#`) to keep the task's timer in step. */
@Injectable()
export class TimersConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly book: TimerBookService,
    private readonly firing: TimerFiringService,
  ) {}

  onModuleInit(): void {
    this.runtime.subscribe(QUEUES.escalationScheduler, async (envelope, manager) => {
      const { outcome, dueAt } = await this.book.apply(envelope, manager);
      if (dueAt) setImmediate(() => this.firing.wakeBy(dueAt));
      return outcome;
    });
  }
}
