import type { RuleFileSource } from '@orgo/config';
import yaml from 'js-yaml';

import { evaluateEmail, evaluateTimeRules } from './evaluate';
import { compileRuleSet, validateRuleSources } from './rule-set';
import type { EmailFacts } from './rule-types';

/**
 * The example rules of the seed document, conditions and actions verbatim (the seed's rules carry
 * no name; SPEC §5 requires one, and time rules say `on: time`). Each must load and behave as written.
 */
const SEED_RULES = `
metadata: { version: "1.0" }
rules:
  - name: seed-urgent
    condition: "subject contains 'urgent'"
    action:
      route_to: "emergency@organization.com"
      priority: "high"
  - name: seed-emergency
    condition: "subject contains 'emergency'"
    action:
      route_to: "emergency@organization.com"
      attach: ["emergency_protocol.pdf"]
      escalate_after: "1 hour"
  - name: seed-school
    condition: "organization == 'school'"
    action:
      route_to: "district_maintenance@school.org"
      escalate_after: "2 hours"
  - name: seed-hospital
    condition: "organization == 'hospital'"
    action:
      route_to: "ops_manager@hospital.org"
      escalate_after: "1 hour"
  - name: seed-regional-lead
    on: time
    condition: "task_unresolved_time > '4 hours'"
    action:
      notify: "regional_lead@corporate.com"
  - name: seed-national-lead
    on: time
    condition: "task_unresolved_time > '8 hours'"
    action:
      notify: "national_lead@corporate.com"
`;

const source = (organization: string): RuleFileSource => ({
  file: `organizations/${organization}/rules/seed.yaml`,
  layer: 'organization',
  scope: organization,
  data: yaml.load(SEED_RULES),
});

const facts = (over: Partial<EmailFacts>): EmailFacts => ({
  subject: 'Broken window',
  body: 'The window of room 12 is broken.',
  sender: 'teacher@school.example',
  sender_domain: 'school.example',
  mailbox: 'maintenance@school.example',
  recipients: ['maintenance@school.example'],
  keywords: ['broken', 'window', 'room'],
  attachments: [],
  has_attachments: false,
  organization: 'school',
  organization_type: 'school',
  auto_submitted: false,
  bulk: false,
  bounce: false,
  from_orgo: false,
  ...over,
});

describe("the seed's example rules", () => {
  it('validate without a single issue', () => {
    expect(validateRuleSources([source('school')])).toEqual([]);
  });

  it.each<[string, string, Partial<EmailFacts>, string | undefined, Record<string, unknown>]>([
    ['an urgent subject', 'school', { subject: 'URGENT: no heating' }, 'seed-urgent', { route_to: 'emergency@organization.com', priority: 'high' }],
    ['urgent inside a word', 'clinic', { organization: 'clinic', subject: 'Non-urgent question' }, 'seed-urgent', { route_to: 'emergency@organization.com', priority: 'high' }],
    ['an emergency subject', 'clinic', { organization: 'clinic', subject: 'Emergency in the lab' }, 'seed-emergency', { route_to: 'emergency@organization.com', attach: ['emergency_protocol.pdf'], escalate_after: '1 hour' }],
    ['the school organization', 'school', {}, 'seed-school', { route_to: 'district_maintenance@school.org', escalate_after: '2 hours' }],
    ['the organization compared case-insensitively', 'school', { organization: 'School' }, 'seed-school', { route_to: 'district_maintenance@school.org', escalate_after: '2 hours' }],
    ['the hospital organization', 'hospital', { organization: 'hospital' }, 'seed-hospital', { route_to: 'ops_manager@hospital.org', escalate_after: '1 hour' }],
    ['another organization, nothing urgent', 'clinic', { organization: 'clinic' }, undefined, {}],
    ['a school organization is not the school', 'northside', { organization: 'northside', organization_type: 'school' }, undefined, {}],
  ])('%s → %s', (_what, organization, over, rule, action) => {
    const decision = evaluateEmail(compileRuleSet([source(organization)], organization), facts(over));
    expect(decision.matched).toEqual(rule ? [rule] : []);
    expect(decision.action).toEqual(action);
    expect(decision.outcome).toBe('task');
    // The first match wins: the rules after it are listed as not considered.
    const at = decision.trace.findIndex((t) => t.matched);
    if (rule) expect(decision.trace.slice(at + 1).every((t) => t.reason.startsWith('not considered'))).toBe(true);
  });

  it.each<[number, string[]]>([
    [3.5, []],
    [4, []],
    [4.5, ['seed-regional-lead']],
    [8, ['seed-regional-lead']],
    [9, ['seed-regional-lead', 'seed-national-lead']],
  ])('time rules: unresolved for %s hours → %j', (hours, notified) => {
    const set = compileRuleSet([source('corporate')], 'corporate');
    expect(set.timeRules.map((r) => r.name)).toEqual(['seed-regional-lead', 'seed-national-lead']);
    const due = evaluateTimeRules(set, { ...facts({ organization: 'corporate' }), task: { type: 'it' }, task_unresolved_time: hours * 3_600_000 });
    expect(due.map((d) => d.rule)).toEqual(notified);
    expect(due.map((d) => d.action.notify)).toEqual(notified.map((n) => [n === 'seed-regional-lead' ? 'regional_lead@corporate.com' : 'national_lead@corporate.com']));
  });

  it('a seed rule written without a name is refused with its path', () => {
    const data = yaml.load(`metadata: { version: "1.0" }\nrules:\n  - condition: "subject contains 'urgent'"\n    action:\n      route_to: "maintenance@organization.com"\n      escalate_after: "2 hours"\n`);
    const issues = validateRuleSources([{ file: 'workflows/workflow_rules.yaml', layer: 'global', scope: null, data }]);
    expect(issues).toEqual([expect.objectContaining({ file: 'workflows/workflow_rules.yaml', path: 'rules[0].name', expected: expect.stringMatching(/rule name/) })]);
  });
});
