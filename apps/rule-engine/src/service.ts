import type { ServiceDefinition } from '@orgo/runtime';

import { RuleEngineModule } from './rule-engine.module';

export const service: ServiceDefinition = {
  name: 'rule-engine',
  http: false,
  module: (context) => RuleEngineModule.register(context),
};
