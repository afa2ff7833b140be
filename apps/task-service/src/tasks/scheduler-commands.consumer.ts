import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import {
  ROUTING_KEYS,
  type TaskInvestigateCommandV1,
  type TaskInvestigationJoinCommandV1,
  type TaskTimeRuleCommandV1,
  type TaskWarnCommandV1,
} from '@orgo/contracts';
import { BusContext, type EventOutcome } from '@orgo/runtime';

import { InvestigateService } from './use-cases/investigate/investigate.service';
import { ApplyTimeRuleService } from './use-cases/apply-time-rule/apply-time-rule.service';
import { WarnTaskService } from './use-cases/warn-task/warn-task.service';

/** The escalation-scheduler's commands other than escalation (queue `orgo.task-service`): pre-breach warnings, time rules and the investigations of reviews. */
@Controller()
export class SchedulerCommandsConsumer {
  constructor(
    private readonly warn: WarnTaskService,
    private readonly timeRules: ApplyTimeRuleService,
    private readonly investigations: InvestigateService,
  ) {}

  @EventPattern(ROUTING_KEYS.taskWarn)
  warnTask(@Ctx() context: BusContext<TaskWarnCommandV1>): Promise<EventOutcome> {
    return this.warn.execute(context.envelope, context.manager);
  }

  @EventPattern(ROUTING_KEYS.taskTimeRule)
  applyTimeRule(@Ctx() context: BusContext<TaskTimeRuleCommandV1>): Promise<EventOutcome> {
    return this.timeRules.execute(context.envelope, context.manager);
  }

  @EventPattern(ROUTING_KEYS.taskInvestigate)
  investigate(@Ctx() context: BusContext<TaskInvestigateCommandV1>): Promise<EventOutcome> {
    return this.investigations.open(context.envelope, context.manager);
  }

  @EventPattern(ROUTING_KEYS.taskInvestigationJoin)
  joinInvestigation(@Ctx() context: BusContext<TaskInvestigationJoinCommandV1>): Promise<EventOutcome> {
    return this.investigations.join(context.envelope, context.manager);
  }
}
