import { QUEUES } from '@orgo/contracts';
import type { ServiceDefinition } from '@orgo/runtime';

import { RULE_ENGINE_STORAGE, RuleEngineModule } from './rule-engine.module';

export const service: ServiceDefinition = {
  name: 'rule-engine',
  storage: RULE_ENGINE_STORAGE,
  http: false,
  consumes: { queue: QUEUES.ruleEngine },
  module: (context) => RuleEngineModule.register(context),
};
