import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule } from '@orgo/runtime';

import { EscalationSchedulerSchema1732406400005 } from './migrations/1732406400005-escalation-scheduler-schema';
import { EscalationTimerEntity } from './timers/escalation-timer.entity';
import { TimerBookService } from './timers/timer-book.service';
import { TimerFiringService } from './timers/timer-firing.service';
import { TimersConsumer } from './timers/timers.consumer';

/** escalation-scheduler: durable escalation timers (reviews and retention jobs arrive later). */
@Module({})
export class EscalationSchedulerModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: EscalationSchedulerModule,
      imports: [
        ServiceRuntimeModule.register(context, {
          entities: [EscalationTimerEntity],
          migrations: [EscalationSchedulerSchema1732406400005],
        }),
      ],
      providers: [TimerBookService, TimerFiringService, TimersConsumer],
    };
  }
}
