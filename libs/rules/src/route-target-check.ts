import type { RuleFileSource } from '@orgo/config';
import { type OrganizationDirectory, type ValidationIssue, describeValue, splitRouteTarget } from '@orgo/domain';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Cross-organization routes (SPEC §3: a route crosses organizations only where a rule says so).
 * Every `route_to` naming an organization (`district:11.Ops`) must name a loaded organization and a
 * role address, role or position of it. An organization's own rule whose plain `route_to` names
 * nothing of its organization but something of another is refused: it must name that organization.
 * Global and domain rules are shared by every organization, so a plain target they name may exist
 * in some only; those are left to the routing fallback, as before.
 */
export function routeTargetIssues(sources: RuleFileSource[], directories: Map<string, OrganizationDirectory>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const source of sources) {
    const rules = isObject(source.data) && Array.isArray(source.data.rules) ? source.data.rules : [];
    rules.forEach((rule: unknown, i: number) => {
      if (!isObject(rule) || !isObject(rule.action) || typeof rule.action.route_to !== 'string') return;
      const routeTo = rule.action.route_to;
      const add = (expected: string, hint: string) =>
        issues.push({ file: source.file, rule: String(rule.name ?? `#${i}`), path: `rules[${i}].action.route_to`, expected, found: describeValue(routeTo), hint });
      const { organization, target } = splitRouteTarget(routeTo);
      if (organization !== null) {
        const other = directories.get(organization);
        if (!other) add(`an organization that exists (${[...directories.keys()].join(', ')})`, `add organizations/${organization}/organization.yaml or fix the slug`);
        else if (!other.resolveRouteTarget(target)) add(`a role address, role or position of ${organization}`, `'${target}' is not one of ${organization}'s`);
        return;
      }
      if (source.layer !== 'organization' || !source.scope) return;
      const own = directories.get(source.scope);
      if (!own || own.resolveRouteTarget(target)) return;
      const owner = [...directories].find(([slug, d]) => slug !== source.scope && d.resolveRouteTarget(target))?.[0];
      if (owner) {
        add(`a role address, role or position of ${source.scope}, or '<organization>:<target>' to route to another organization`, `write route_to: "${owner}:${target}" to route to ${owner} explicitly`);
      }
    });
  }
  return issues;
}
