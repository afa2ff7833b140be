import { Inject, Injectable } from '@nestjs/common';
import { ruleSetSource } from '@orgo/cache';
import { OrgoError } from '@orgo/domain';
import type { CompiledRuleSet, RuleSetModel } from '@orgo/rules';
import { CachedOrganizationModels, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

/**
 * The compiled rule set of each organization, loaded before the service consumes: from the shared
 * cache when a replica already validated the same rule files (only the conditions are compiled
 * here), else validated and compiled from the files. A rule file that does not validate stops the
 * start with every problem listed (the launcher checks before booting). When another replica loads
 * newer rule files, this one moves to them within seconds (`docs/adr/0004-shared-cache.md`).
 */
@Injectable()
export class RuleSetRegistry extends CachedOrganizationModels<RuleSetModel, CompiledRuleSet> {
  constructor(@Inject(SERVICE_CONTEXT) context: ServiceContext) {
    super(context, ruleSetSource(context.config));
  }

  forOrganization(slug: string): CompiledRuleSet {
    return this.valueOf(slug, () => new OrgoError('RULES.UNKNOWN_ORGANIZATION', `No rule set for organization '${slug}'`, { retryable: false }));
  }
}
