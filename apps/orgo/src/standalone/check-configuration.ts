import { type OrgoConfig, loadConfig } from '@orgo/config';
import { OrganizationDirectory, ValidationError } from '@orgo/domain';
import { type AcknowledgementTemplateUse, checkTemplates } from '@orgo/notifications';
import { attachDocumentIssues, compileRuleSet, routeTargetIssues, validateRuleSources } from '@orgo/rules';

/**
 * Loads the configuration folder and validates every file, every rule (cross-organization routes and `attach` documents included) and every
 * notification template (rendered strictly with sample data; a template a rule's `acknowledge` names must exist). Throws
 * one ValidationError listing every problem (file, key or line, expected, found) — nothing half-loads, and nothing starts
 * with a template that would fail a notification.
 */
export function checkConfiguration(dir: string, env: Record<string, string | undefined>): OrgoConfig {
  const config = loadConfig(dir, { env });
  const directories = new Map(config.organizations.map((org) => [org.slug, new OrganizationDirectory(org)]));
  const ruleIssues = [
    ...validateRuleSources(config.ruleFiles),
    ...routeTargetIssues(config.ruleFiles, directories),
  ];
  const ruleSets =
    ruleIssues.length > 0
      ? []
      : config.organizations.map((org) => compileRuleSet(config.ruleFiles, org.slug, org.domains));
  // SPEC §5 `attach`: a document a rule names must be in the organization's documents/ folder.
  ruleIssues.push(...attachDocumentIssues(ruleSets, config.documents ?? {}));
  const acknowledgements: AcknowledgementTemplateUse[] = ruleSets.flatMap((set) =>
    set.emailRules.flatMap((rule) =>
      typeof rule.action.acknowledge === 'string'
        ? [
            {
              organization: set.organization,
              template: rule.action.acknowledge,
              rule: rule.name,
              file: rule.file,
            },
          ]
        : [],
    ),
  );
  const templateIssues = checkTemplates({
    organizationDirs: config.templateDirs.organization,
    domainDirs: Object.values(config.templateDirs.domain),
    organizations: config.organizations.map((org) => org.slug),
    configDir: config.dir,
    acknowledgements,
  });
  if (ruleIssues.length > 0) {
    const also = templateIssues.length > 0 ? ', and so are notification templates' : '';
    throw new ValidationError(
      'RULES.INVALID',
      [...ruleIssues, ...templateIssues],
      `Rules in ${dir} are invalid${also}`,
    );
  }
  if (templateIssues.length > 0)
    throw new ValidationError(
      'TEMPLATES.INVALID',
      templateIssues,
      `Notification templates in ${dir} are invalid`,
    );
  return config;
}
