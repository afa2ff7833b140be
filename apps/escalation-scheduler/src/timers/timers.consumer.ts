import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { TOPIC_PATTERNS, type TaskEventV1 } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { TimerBookService } from './timer-book.service';
import { TimerFiringService } from './timer-firing.service';

/** Consumes every task event (`task.#`, queue `orgo.escalation-scheduler`) to keep the task's timer in step. */
@Controller()
export class TimersConsumer {
  constructor(
    private readonly book: TimerBookService,
    private readonly firing: TimerFiringService,
  ) {}

  @EventPattern(TOPIC_PATTERNS.taskEvents)
  async taskEvent(@Ctx() context: BusContext<TaskEventV1>): Promise<EventOutcome> {
    const { outcome, dueAt } = await this.book.apply(context.envelope, context.manager);
    if (dueAt) setImmediate(() => this.firing.wakeBy(dueAt));
    return outcome;
  }
}
