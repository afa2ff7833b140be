import type { RuleFileSource } from '@orgo/config';
import { BUILTIN_PROFILES, OrganizationDirectory, type OrganizationModel, splitRouteTarget } from '@orgo/domain';

import { routeTargetIssues } from './route-target-check';

function org(slug: string, positions: [string, number, string | null][], roles: [string, string][]): OrganizationModel {
  return {
    slug,
    name: slug,
    type: 'school',
    timezone: 'UTC',
    profile: null,
    parameters: BUILTIN_PROFILES.advocacy_group,
    parameterSources: {} as OrganizationModel['parameterSources'],
    triage: null,
    positions: positions.map(([id, level, role]) => ({ id, level, role, title: id, holders: [`${id}@${slug}.example`] })),
    roles: roles.map(([id, address]) => ({ id, addresses: [address], entry: positions.find((p) => p[2] === id)?.[0] ?? '1' })),
    people: [],
    file: `organizations/${slug}/organization.yaml`,
  };
}

const directories = new Map(
  [
    org('school', [['1', 1, null], ['11.Office', 11, 'Office']], [['Office', 'office@school.example']]),
    org('district', [['1', 1, null], ['11.Ops', 11, 'Ops']], [['Ops', 'ops@district.example']]),
  ].map((m) => [m.slug, new OrganizationDirectory(m)]),
);

const source = (routeTo: string, layer: RuleFileSource['layer'] = 'organization'): RuleFileSource => ({
  file: layer === 'organization' ? 'organizations/school/rules/main.yaml' : 'workflows/workflow_rules.yaml',
  layer,
  scope: layer === 'organization' ? 'school' : null,
  data: { rules: [{ name: 'to-district', condition: "subject contains 'x'", action: { route_to: routeTo } }] },
});

describe('splitRouteTarget', () => {
  it.each([
    ['district:11.Ops', 'district', '11.Ops'],
    ['district:ops@district.example', 'district', 'ops@district.example'],
    ['11.Ops', null, '11.Ops'],
    ['office@school.example', null, 'office@school.example'],
  ])('%s', (text, organization, target) => {
    expect(splitRouteTarget(text)).toEqual({ organization, target });
  });
});

describe('routeTargetIssues', () => {
  it.each(['district:11.Ops', 'district:Ops', 'district:ops@district.example', 'school:Office', 'Office', '11.Office', 'nothing-anywhere'])('accepts %s', (routeTo) => {
    expect(routeTargetIssues([source(routeTo)], directories)).toEqual([]);
  });

  it("refuses an organization's rule naming another organization's target without naming the organization", () => {
    expect(routeTargetIssues([source('ops@district.example')], directories)).toEqual([
      {
        file: 'organizations/school/rules/main.yaml',
        rule: 'to-district',
        path: 'rules[0].action.route_to',
        expected: "a role address, role or position of school, or '<organization>:<target>' to route to another organization",
        found: "'ops@district.example'",
        hint: 'write route_to: "district:ops@district.example" to route to district explicitly',
      },
    ]);
  });

  it('leaves plain targets of shared (global, domain) rules to the routing fallback', () => {
    expect(routeTargetIssues([source('11.Ops', 'global')], directories)).toEqual([]);
  });

  it.each([
    ['county:11.Ops', /an organization that exists \(school, district\)/],
    ['district:11.Pools', /a role address, role or position of district/],
  ])('refuses %s', (routeTo, expected) => {
    const [issue] = routeTargetIssues([source(routeTo, 'global')], directories);
    expect(issue).toMatchObject({ file: 'workflows/workflow_rules.yaml', rule: 'to-district', path: 'rules[0].action.route_to' });
    expect(issue.expected).toMatch(expected);
  });
});
