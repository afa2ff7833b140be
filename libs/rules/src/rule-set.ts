import { createHash } from 'node:crypto';

import type { RuleFileSource } from '@orgo/config';
import { ValidationError, type ValidationIssue, describeValue } from '@orgo/domain';

import { EMAIL_FIELDS, TIME_FIELDS, createConditionLanguage } from './condition';
import { type ParsedRuleFile, compileCondition, parseRuleFile } from './rule-file-schema';
import type { CompiledRule, CompiledRuleSet, RuleDefaults, RuleSetModel } from './rule-types';

const jexl = createConditionLanguage();
const LAYER_ORDER = { global: 0, domain: 1, organization: 2 } as const;

/** Every problem of every rule file (for `orgo rules check` and the start). */
export function validateRuleSources(sources: RuleFileSource[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const source of sources) parseRuleFile(source.file, source.data, jexl, issues);
  return issues;
}

/**
 * The files that apply to an organization, in effective order: global, domains by name, its own; each
 * by file name. `domains` (the organization's `organization.domains`) keeps only those domains' files;
 * absent or null: every domain applies.
 */
export function ruleSourcesFor(
  sources: RuleFileSource[],
  organization: string,
  domains?: string[] | null,
): RuleFileSource[] {
  return sources
    .filter((s) => s.layer !== 'organization' || s.scope === organization)
    .filter((s) => s.layer !== 'domain' || domains == null || domains.includes(String(s.scope)))
    .sort(
      (a, b) =>
        LAYER_ORDER[a.layer] - LAYER_ORDER[b.layer] ||
        String(a.scope ?? '').localeCompare(String(b.scope ?? '')) ||
        a.file.localeCompare(b.file),
    );
}

/**
 * The effective rule set of an organization (SPEC §5): global rules, then domain rules, then the
 * organization's; a rule with the name of an earlier one replaces it in place; `disabled: true`
 * removes it; integer `priority` reorders (higher first, stable). A bad file never half-loads: any
 * issue throws `RULES.INVALID` with all of them.
 */
export function compileRuleSet(
  sources: RuleFileSource[],
  organization: string,
  domains?: string[] | null,
): CompiledRuleSet {
  const issues: ValidationIssue[] = [];
  const parsed: ParsedRuleFile[] = ruleSourcesFor(sources, organization, domains).map((s) =>
    sensitiveDomainRules(s, parseRuleFile(s.file, s.data, jexl, issues)),
  );
  if (issues.length)
    throw new ValidationError('RULES.INVALID', issues, `Rules for ${organization} are invalid`);
  const effective: ParsedRuleFile['rules'] = [];
  const defaults: RuleDefaults = {};
  for (const file of parsed) {
    if (file.defaults.escalate_after) defaults.escalate_after = file.defaults.escalate_after;
    if (file.defaults.priority_escalation)
      defaults.priority_escalation = {
        ...defaults.priority_escalation,
        ...file.defaults.priority_escalation,
      };
    for (const rule of file.rules) {
      const at = effective.findIndex((r) => r.name === rule.name);
      if (rule.disabled) {
        if (at >= 0) effective.splice(at, 1);
        continue;
      }
      if (at >= 0) effective[at] = rule;
      else effective.push(rule);
    }
  }
  const ordered = effective
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
    .map(({ rule }) => rule as CompiledRule);
  const hash = createHash('sha256')
    .update(JSON.stringify({ organization, defaults, rules: ordered.map(({ test: _t, ...r }) => r) }))
    .digest('hex');
  return {
    organization,
    emailRules: ordered.filter((r) => r.on === 'email'),
    timeRules: ordered.filter((r) => r.on === 'time'),
    defaults,
    hash,
  };
}

/** A sensitive domain's rules create sensitive tasks, whatever each rule says (SPEC §6 Privacy). */
function sensitiveDomainRules(source: RuleFileSource, file: ParsedRuleFile): ParsedRuleFile {
  if (!source.sensitive) return file;
  return {
    ...file,
    rules: file.rules.map((rule) =>
      rule.disabled || rule.on !== 'email' || !rule.action || rule.action.ignore
        ? rule
        : { ...rule, action: { ...rule.action, sensitive: true } },
    ),
  };
}

/** The plain-data form of a compiled rule set (no functions): what the shared cache stores. */
export function ruleSetModel(set: CompiledRuleSet): RuleSetModel {
  const strip = ({ test: _test, ...rule }: CompiledRule) => rule;
  return { ...set, emailRules: set.emailRules.map(strip), timeRules: set.timeRules.map(strip) };
}

/**
 * A rule set from its plain-data form: the rules were validated when the model was built, so only
 * the conditions are compiled (and their trees checked again: a model read from a shared store is
 * not trusted to be safe). Throws `RULES.INVALID` when a condition does not compile.
 */
export function compileRuleSetModel(model: RuleSetModel): CompiledRuleSet {
  const issues: ValidationIssue[] = [];
  const compile = (rule: RuleSetModel['emailRules'][number]): CompiledRule => {
    const fields = rule.on === 'time' ? [...EMAIL_FIELDS, ...TIME_FIELDS] : EMAIL_FIELDS;
    const test = compileCondition(rule.condition, fields, jexl, (expected, found, hint) =>
      issues.push({
        file: rule.file,
        rule: rule.name,
        path: 'condition',
        expected,
        found: describeValue(found),
        ...(hint ? { hint } : {}),
      }),
    );
    return { ...rule, test: test ?? (() => false) };
  };
  const set: CompiledRuleSet = {
    ...model,
    emailRules: model.emailRules.map(compile),
    timeRules: model.timeRules.map(compile),
  };
  if (issues.length)
    throw new ValidationError(
      'RULES.INVALID',
      issues,
      `The cached rule set of ${model.organization} is invalid`,
    );
  return set;
}
