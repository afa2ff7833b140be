import type { RuleDocumentModel } from '@orgo/config';
import { type ValidationIssue, describeValue } from '@orgo/domain';

import type { CompiledRule } from './rule-types';

/**
 * Every document a rule's `attach` names (SPEC §5) must be a file of the organization's
 * `organizations/<slug>/documents/` folder, for each organization the rule applies to (a global or
 * domain rule too): the issue names the rule's file, the rule, the key path and the missing file.
 */
export function attachDocumentIssues(
  ruleSets: { organization: string; emailRules: Pick<CompiledRule, 'name' | 'file' | 'action'>[] }[],
  documents: Record<string, Record<string, RuleDocumentModel>>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const set of ruleSets) {
    const own = documents[set.organization] ?? {};
    const names = Object.keys(own).sort();
    for (const rule of set.emailRules) {
      (rule.action.attach ?? []).forEach((name, i) => {
        if (own[name]) return;
        issues.push({
          file: rule.file,
          rule: rule.name,
          path: `action.attach[${i}]`,
          expected: `a file in organizations/${set.organization}/documents/${names.length > 0 ? ` (${names.join(', ')})` : ' (the folder is empty or missing)'}`,
          found: describeValue(name),
          hint: `add organizations/${set.organization}/documents/${name}, or fix the name in the rule`,
        });
      });
    }
  }
  return issues;
}
