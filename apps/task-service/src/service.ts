import type { ServiceDefinition } from '@orgo/runtime';

import { TASK_SERVICE_STORAGE, TaskServiceModule } from './task-service.module';

export const service: ServiceDefinition = {
  name: 'task-service',
  storage: TASK_SERVICE_STORAGE,
  http: false,
  module: (context) => TaskServiceModule.register(context),
};
