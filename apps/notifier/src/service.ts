import type { ServiceDefinition } from '@orgo/runtime';

import { NOTIFIER_STORAGE, NotifierModule } from './notifier.module';

export const service: ServiceDefinition = {
  name: 'notifier',
  storage: NOTIFIER_STORAGE,
  http: false,
  module: (context) => NotifierModule.register(context),
};
