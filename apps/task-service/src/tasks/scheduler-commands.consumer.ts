import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { ROUTING_KEYS, type TaskTimeRuleCommandV1, type TaskWarnCommandV1 } from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { ApplyTimeRuleService } from './use-cases/apply-time-rule/apply-time-rule.service';
import { WarnTaskService } from './use-cases/warn-task/warn-task.service';

/** The escalation-scheduler's commands other than escalation (queue `orgo.task-service`): pre-breach warnings and time rules. */
@Controller()
export class SchedulerCommandsConsumer {
  constructor(
    private readonly warn: WarnTaskService,
    private readonly timeRules: ApplyTimeRuleService,
  ) {}

  @EventPattern(ROUTING_KEYS.taskWarn)
  warnTask(@Ctx() context: BusContext<TaskWarnCommandV1>): Promise<EventOutcome> {
    return this.warn.execute(context.envelope, context.manager);
  }

  @EventPattern(ROUTING_KEYS.taskTimeRule)
  applyTimeRule(@Ctx() context: BusContext<TaskTimeRuleCommandV1>): Promise<EventOutcome> {
    return this.timeRules.execute(context.envelope, context.manager);
  }
}
