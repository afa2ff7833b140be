import { QUEUES } from '@orgo/contracts';
import type { ServiceDefinition } from '@orgo/runtime';

import { TASK_SERVICE_STORAGE, TaskServiceModule } from './task-service.module';

export const service: ServiceDefinition = {
  name: 'task-service',
  storage: TASK_SERVICE_STORAGE,
  http: false,
  consumes: { queue: QUEUES.taskService },
  module: (context) => TaskServiceModule.register(context),
};
