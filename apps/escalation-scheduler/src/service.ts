import type { ServiceDefinition } from '@orgo/runtime';

import { EscalationSchedulerModule } from './escalation-scheduler.module';

export const service: ServiceDefinition = {
  name: 'escalation-scheduler',
  http: false,
  module: (context) => EscalationSchedulerModule.register(context),
};
