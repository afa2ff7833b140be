import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { RuleEngineSchema1732406400003 } from './migrations/1732406400003-rule-engine-schema';
import { RoutingDecisionEntity } from './routing/routing-decision.entity';
import { RoutingConsumer } from './routing/routing.consumer';
import { RoutingService } from './routing/routing.service';
import { RuleSetRegistry } from './rule-sets/rule-set.registry';

/** The tables this service owns and the migrations that create them. */
export const RULE_ENGINE_STORAGE: ServiceStorage = {
  entities: [RoutingDecisionEntity],
  migrations: [RuleEngineSchema1732406400003],
};

/** rule-engine: compiled rule sets per organization; parsed email → task command or ignore. */
@Module({})
export class RuleEngineModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: RuleEngineModule,
      imports: [ServiceRuntimeModule.register(context, RULE_ENGINE_STORAGE)],
      controllers: [RoutingConsumer],
      providers: [RoutingService, RuleSetRegistry],
    };
  }
}
