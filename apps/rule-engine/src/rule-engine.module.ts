import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule } from '@orgo/runtime';

import { RuleEngineSchema1732406400003 } from './migrations/1732406400003-rule-engine-schema';
import { RoutingDecisionEntity } from './routing/routing-decision.entity';
import { RoutingConsumer } from './routing/routing.consumer';
import { RoutingService } from './routing/routing.service';
import { RuleSetRegistry } from './rule-sets/rule-set.registry';

/** rule-engine: compiled rule sets per organization; parsed email → task command or ignore. */
@Module({})
export class RuleEngineModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: RuleEngineModule,
      imports: [
        ServiceRuntimeModule.register(context, {
          entities: [RoutingDecisionEntity],
          migrations: [RuleEngineSchema1732406400003],
        }),
      ],
      providers: [RoutingConsumer, RoutingService, RuleSetRegistry],
    };
  }
}
