import type { ServiceDefinition } from '@orgo/runtime';

import { NotifierModule } from './notifier.module';

export const service: ServiceDefinition = {
  name: 'notifier',
  http: false,
  module: (context) => NotifierModule.register(context),
};
