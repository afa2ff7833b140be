import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { TOPIC_PATTERNS, type TaskEventV1 } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { TimeRuleEvaluatorService } from '../time-rules/time-rule-evaluator.service';
import { TimerBookService } from './timer-book.service';
import { TimerFiringService } from './timer-firing.service';

/**
 * Consumes every task event (`task.#`, queue `orgo.escalation-scheduler`) to keep the task's timers
 * in step, and evaluates its time rules when its snapshot changed.
 */
@Controller()
export class TimersConsumer {
  constructor(
    private readonly book: TimerBookService,
    private readonly firing: TimerFiringService,
    private readonly timeRules: TimeRuleEvaluatorService,
  ) {}

  @EventPattern(TOPIC_PATTERNS.taskEvents)
  async taskEvent(@Ctx() context: BusContext<TaskEventV1>): Promise<EventOutcome> {
    const { outcome, wakeAt, openSnapshot } = await this.book.apply(context.envelope, context.manager);
    if (openSnapshot) await this.timeRules.evaluateTask(context.manager, openSnapshot);
    if (wakeAt) setImmediate(() => this.firing.wakeBy(wakeAt));
    return outcome;
  }
}
