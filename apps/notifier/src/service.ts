import { QUEUES } from '@orgo/contracts';
import type { ServiceDefinition } from '@orgo/runtime';

import { NOTIFIER_STORAGE, NotifierModule } from './notifier.module';

export const service: ServiceDefinition = {
  name: 'notifier',
  storage: NOTIFIER_STORAGE,
  http: false,
  consumes: { queue: QUEUES.notifier, prefetch: 32 },
  module: (context) => NotifierModule.register(context),
};
