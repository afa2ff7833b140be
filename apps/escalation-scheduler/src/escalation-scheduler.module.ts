import { type DynamicModule, Module } from '@nestjs/common';
import {
  RULE_SET_REGISTRY_OPTIONS,
  RuleSetRegistry,
  type RuleSetRegistryOptions,
  type ServiceContext,
  ServiceRuntimeModule,
  type ServiceStorage,
} from '@orgo/runtime';

import { EscalationSchedulerSchema1732406400005 } from './migrations/1732406400005-escalation-scheduler-schema';
import { SchedulerWarningsTimeRules1732924800000 } from './migrations/1732924800000-scheduler-warnings-time-rules';
import { ReviewRuns1765324800000 } from './migrations/1765324800000-review-runs';
import { ReviewCalendarService } from './reviews/review-calendar.service';
import { ReviewClusterEntity } from './reviews/review-cluster.entity';
import { ReviewRunEntity } from './reviews/review-run.entity';
import { ReviewRunnerService } from './reviews/review-runner.service';
import { ReviewsConsumer } from './reviews/reviews.consumer';
import { SCHEDULER_SETTINGS, schedulerSettings } from './settings/scheduler-settings';
import { TimeRuleEvaluatorService } from './time-rules/time-rule-evaluator.service';
import { TimeRuleFiringEntity } from './time-rules/time-rule-firing.entity';
import { TrackedTaskEntity } from './time-rules/tracked-task.entity';
import { EscalationTimerEntity } from './timers/escalation-timer.entity';
import { TimerBookService } from './timers/timer-book.service';
import { TimerFiringService } from './timers/timer-firing.service';
import { TimersConsumer } from './timers/timers.consumer';
import { WarningTimerEntity } from './timers/warning-timer.entity';

/** The tables this service owns and the migrations that create them. */
export const ESCALATION_SCHEDULER_STORAGE: ServiceStorage = {
  entities: [
    EscalationTimerEntity,
    WarningTimerEntity,
    TrackedTaskEntity,
    TimeRuleFiringEntity,
    ReviewRunEntity,
    ReviewClusterEntity,
  ],
  migrations: [
    EscalationSchedulerSchema1732406400005,
    SchedulerWarningsTimeRules1732924800000,
    ReviewRuns1765324800000,
  ],
};

/** escalation-scheduler: durable escalation and warning timers, time rules, reviews and their patterns (retention jobs arrive later). */
@Module({})
export class EscalationSchedulerModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: EscalationSchedulerModule,
      imports: [ServiceRuntimeModule.register(context, ESCALATION_SCHEDULER_STORAGE)],
      controllers: [TimersConsumer, ReviewsConsumer],
      providers: [
        {
          provide: SCHEDULER_SETTINGS,
          useValue: schedulerSettings(context.config.services['escalation-scheduler']),
        },
        // The rule-engine announces rule reloads; the scheduler follows the same files for time rules.
        {
          provide: RULE_SET_REGISTRY_OPTIONS,
          useValue: { tellOutcomes: false } satisfies RuleSetRegistryOptions,
        },
        RuleSetRegistry,
        TimeRuleEvaluatorService,
        TimerBookService,
        TimerFiringService,
        ReviewRunnerService,
        ReviewCalendarService,
      ],
    };
  }
}
