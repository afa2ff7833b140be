import { type OrgoConfig, loadConfig } from '@orgo/config';
import { OrganizationDirectory, ValidationError } from '@orgo/domain';
import { compileRuleSet, routeTargetIssues, validateRuleSources } from '@orgo/rules';

/**
 * Loads the configuration folder and validates every file and every rule (cross-organization routes included). Throws one
 * ValidationError listing every problem (file, key, expected, found) — nothing half-loads.
 */
export function checkConfiguration(dir: string, env: Record<string, string | undefined>): OrgoConfig {
  const config = loadConfig(dir, { env });
  const directories = new Map(config.organizations.map((org) => [org.slug, new OrganizationDirectory(org)]));
  const issues = [...validateRuleSources(config.ruleFiles), ...routeTargetIssues(config.ruleFiles, directories)];
  if (issues.length > 0) throw new ValidationError('RULES.INVALID', issues, `Rules in ${dir} are invalid`);
  for (const org of config.organizations) compileRuleSet(config.ruleFiles, org.slug);
  return config;
}
