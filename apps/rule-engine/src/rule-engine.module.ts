import { type DynamicModule, Module } from '@nestjs/common';
import { RuleSetRegistry, type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { RuleEngineSchema1732406400003 } from './migrations/1732406400003-rule-engine-schema';
import { RuleEnginePrivacy1764633600000 } from './migrations/1764633600000-rule-engine-privacy';
import { IdentityRevealService } from './privacy/identity-reveal.service';
import { PrivacyConsumer } from './privacy/privacy.consumer';
import { PseudonymEntity } from './privacy/pseudonym.entity';
import { PseudonymizerService } from './privacy/pseudonymizer.service';
import { ReporterPseudonymService } from './privacy/reporter-pseudonym.service';
import { SensitiveReportEntity } from './privacy/sensitive-report.entity';
import { RoutingDecisionEntity } from './routing/routing-decision.entity';
import { RoutingConsumer } from './routing/routing.consumer';
import { RoutingService } from './routing/routing.service';
import { RuleDryRunService } from './rule-tests/rule-dry-run.service';
import { RuleTestsConsumer } from './rule-tests/rule-tests.consumer';

/** The tables this service owns and the migrations that create them. */
export const RULE_ENGINE_STORAGE: ServiceStorage = {
  entities: [PseudonymEntity, RoutingDecisionEntity, SensitiveReportEntity],
  migrations: [RuleEngineSchema1732406400003, RuleEnginePrivacy1764633600000],
  sealed: [
    { table: 'pseudonyms', primaryKey: ['organization', 'sender_index'], columns: ['identity'] },
    { table: 'sensitive_reports', primaryKey: ['email_id'], columns: ['original'] },
  ],
};

/** rule-engine: compiled rule sets per organization; parsed email → task command or ignore; rule dry runs and listings for the API. */
@Module({})
export class RuleEngineModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: RuleEngineModule,
      imports: [ServiceRuntimeModule.register(context, RULE_ENGINE_STORAGE)],
      controllers: [PrivacyConsumer, RoutingConsumer, RuleTestsConsumer],
      providers: [IdentityRevealService, PseudonymizerService, ReporterPseudonymService, RoutingService, RuleSetRegistry, RuleDryRunService],
    };
  }
}
