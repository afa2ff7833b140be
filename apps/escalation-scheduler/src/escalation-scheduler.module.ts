import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { EscalationSchedulerSchema1732406400005 } from './migrations/1732406400005-escalation-scheduler-schema';
import { EscalationTimerEntity } from './timers/escalation-timer.entity';
import { TimerBookService } from './timers/timer-book.service';
import { TimerFiringService } from './timers/timer-firing.service';
import { TimersConsumer } from './timers/timers.consumer';

/** The tables this service owns and the migrations that create them. */
export const ESCALATION_SCHEDULER_STORAGE: ServiceStorage = {
  entities: [EscalationTimerEntity],
  migrations: [EscalationSchedulerSchema1732406400005],
};

/** escalation-scheduler: durable escalation timers (reviews and retention jobs arrive later). */
@Module({})
export class EscalationSchedulerModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: EscalationSchedulerModule,
      imports: [ServiceRuntimeModule.register(context, ESCALATION_SCHEDULER_STORAGE)],
      controllers: [TimersConsumer],
      providers: [TimerBookService, TimerFiringService],
    };
  }
}
