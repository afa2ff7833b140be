import { QUEUES } from '@orgo/contracts';
import type { ServiceDefinition } from '@orgo/runtime';

import { ESCALATION_SCHEDULER_STORAGE, EscalationSchedulerModule } from './escalation-scheduler.module';

export const service: ServiceDefinition = {
  name: 'escalation-scheduler',
  storage: ESCALATION_SCHEDULER_STORAGE,
  http: false,
  consumes: { queue: QUEUES.escalationScheduler },
  module: (context) => EscalationSchedulerModule.register(context),
};
