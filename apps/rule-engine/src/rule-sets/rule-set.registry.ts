import { Inject, Injectable } from '@nestjs/common';
import { OrgoError } from '@orgo/domain';
import { type CompiledRuleSet, compileRuleSet } from '@orgo/rules';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

/**
 * The compiled rule set of each organization, compiled once at start. A rule file that does not
 * validate stops the start with every problem listed (the launcher checks before booting).
 */
@Injectable()
export class RuleSetRegistry {
  private readonly sets = new Map<string, CompiledRuleSet>();

  constructor(@Inject(SERVICE_CONTEXT) private readonly context: ServiceContext) {
    for (const org of context.config.organizations) {
      this.sets.set(org.slug, compileRuleSet(context.config.ruleFiles, org.slug));
    }
  }

  forOrganization(slug: string): CompiledRuleSet {
    const set = this.sets.get(slug);
    if (!set) {
      throw new OrgoError('RULES.UNKNOWN_ORGANIZATION', `No rule set for organization '${slug}'`, { retryable: false });
    }
    return set;
  }
}
