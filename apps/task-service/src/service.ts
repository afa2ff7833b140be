import type { ServiceDefinition } from '@orgo/runtime';

import { TaskServiceModule } from './task-service.module';

export const service: ServiceDefinition = {
  name: 'task-service',
  http: false,
  module: (context) => TaskServiceModule.register(context),
};
