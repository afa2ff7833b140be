import type { RuleFileSource } from '@orgo/config';
import { ValidationError } from '@orgo/domain';

import { evaluateEmail, evaluateTimeRules, timeRuleFacts } from './evaluate';
import { compileRuleSet, compileRuleSetModel, ruleSetModel, ruleSourcesFor, validateRuleSources } from './rule-set';
import type { EmailFacts } from './rule-types';

const facts = (over: Partial<EmailFacts> = {}): EmailFacts => ({
  subject: 'Urgent: water leak in room 102',
  body: 'The ceiling is dripping, a leak upstairs.',
  sender: 'secretary@northside.example',
  sender_domain: 'northside.example',
  mailbox: 'maintenance@northside.example',
  recipients: ['maintenance@northside.example', 'cc@northside.example'],
  keywords: ['urgent', 'water', 'leak', 'room'],
  attachments: ['photo.jpg'],
  has_attachments: true,
  organization: 'northside',
  organization_type: 'school',
  auto_submitted: false,
  bulk: true,
  bounce: false,
  from_orgo: false,
  ...over,
});

const file = (name: string, rules: unknown[], extra: Record<string, unknown> = {}, layer: RuleFileSource['layer'] = 'organization', scope: string | null = 'northside'): RuleFileSource => ({
  file: name,
  layer,
  scope,
  data: { metadata: { version: '1.0' }, rules, ...extra },
});

const matches = (condition: string, over: Partial<EmailFacts> = {}) => {
  const set = compileRuleSet([file('r.yaml', [{ name: 'r', condition, action: { type: 'x' } }])], 'northside');
  return evaluateEmail(set, facts(over)).matched.includes('r');
};

describe('condition operators and fields', () => {
  it.each([
    ["subject contains 'urgent'", true],
    ["subject contains 'URGENT'", true],
    ["subject contains 'fire'", false],
    ["keywords contains 'Water'", true],
    ["keywords contains 'wat'", false],
    ["recipients contains 'cc@northside.example'", true],
    ["mailbox == 'Maintenance@Northside.example'", true],
    ["mailbox != 'maintenance@northside.example'", false],
    ["sender_domain == 'northside.example'", true],
    ["sender matches '^secretary@'", true],
    ["subject matches 'room [0-9]{3}'", true],
    ["subject matches '^leak'", false],
    ["attachments matches '\\\\.jpg$'", true],
    ["'water' in keywords", true],
    ["organization in ['school-a', 'northside']", true],
    ["has_attachments == true", true],
    ["organization_type == 'school'", true],
    ["organization == 'school'", false],
    ['auto_submitted == true', false],
    ['bulk == true and not bounce', true],
    ['auto_submitted or bounce or from_orgo', false],
    ["subject contains 'urgent' and (body contains 'leak' or keywords contains 'water')", true],
    ["subject contains 'nothing' or subject contains 'leak' and body contains 'nothing'", false],
    ["subject contains 'leak' or subject contains 'nothing' and body contains 'nothing'", true],
    ["not subject contains 'refund'", true],
    ["not (subject contains 'urgent')", false],
    ["not subject contains 'urgent' or body contains 'dripping'", true],
    ["subject contains 'urgent' && body contains 'leak'", true],
    ["!(subject contains 'urgent') || false", false],
  ])('%s → %s', (condition, expected) => {
    expect(matches(condition)).toBe(expected);
  });

  it('compares durations in time rules', () => {
    const set = compileRuleSet(
      [file('t.yaml', [{ name: 'late', on: 'time', condition: "task.type == 'it' and task_unresolved_time > '4 hours'", action: { notify: 'lead@corporate.example' } }])],
      'northside',
    );
    const at = (hours: number, type = 'it') => evaluateTimeRules(set, { ...facts(), task: { type }, task_unresolved_time: hours * 3_600_000 });
    expect(at(5)).toEqual([{ rule: 'late', condition: "task.type == 'it' and task_unresolved_time > '4 hours'", action: { notify: ['lead@corporate.example'] } }]);
    expect(at(3)).toEqual([]);
    expect(at(5, 'hr')).toEqual([]);
    expect(set.emailRules).toEqual([]);
  });

  it('builds time-rule facts from a task snapshot: task.* and the time since it was created', () => {
    const set = compileRuleSet(
      [file('t.yaml', [{ name: 'stale-high', on: 'time', condition: "task.priority == 'high' and organization_type == 'school' and task_unresolved_time >= '30 minutes'", action: { escalate: true } }])],
      'northside',
    );
    const task = { organization: 'northside', priority: 'high', created_at: '2026-11-23T10:00:00.000Z' };
    const at = (iso: string) => evaluateTimeRules(set, timeRuleFacts(task, 'school', new Date(iso))).map((m) => m.rule);
    expect(at('2026-11-23T10:29:59.000Z')).toEqual([]);
    expect(at('2026-11-23T10:30:00.000Z')).toEqual(['stale-high']);
    expect(timeRuleFacts(task, 'school', new Date('2026-11-23T11:00:00.000Z'))).toMatchObject({ task, task_unresolved_time: 3_600_000, organization: 'northside', subject: '' });
  });

  it('never throws on odd facts', () => {
    const set = compileRuleSet([file('r.yaml', [{ name: 'r', condition: "subject contains 'x' and keywords contains 'y' and sender matches 'z'", action: {} }])], 'northside');
    expect(() => evaluateEmail(set, { subject: undefined, keywords: null } as unknown as EmailFacts)).not.toThrow();
  });
});

describe('rule file validation', () => {
  const issuesOf = (rules: unknown[], extra: Record<string, unknown> = {}) => validateRuleSources([file('organizations/northside/rules/main.yaml', rules, extra)]);

  it.each([
    [{ name: 'a', condition: "subject contains 'x'", action: { priority: 'urgent' } }, 'rules[0].action.priority', /low, medium, high, critical/],
    [{ name: 'a', condition: "subject contains 'x'", action: { category: 12 } }, 'rules[0].action.category', /1 to 9/],
    [{ name: 'a', condition: "subject contains 'x'", action: { subcategory: 0 } }, 'rules[0].action.subcategory', /1 to 5/],
    [{ name: 'a', condition: "subject contains 'x'", action: { escalate_after: 'soon' } }, 'rules[0].action.escalate_after', /duration/],
    [{ name: 'a', condition: "subject contains 'x'", action: { visibility: 'secret' } }, 'rules[0].action.visibility', /private/],
    [{ name: 'a', condition: "subject contains 'x'", action: { label: '1001.99.Ops' } }, 'rules[0].action.label', /label/],
    [{ name: 'a', condition: "subject contains 'x'", action: { broadcast: 50 } }, 'rules[0].action.broadcast', /10, 100, 1000, 10000/],
    [{ name: 'a', condition: "subject contains 'x'", action: { route_to: 'District:11.Ops' } }, 'rules[0].action.route_to', /<organization>:<role address, role or position>/],
    [{ name: 'a', condition: "subject contains 'x'", action: { route_to: 'district:' } }, 'rules[0].action.route_to', /district:11\.Ops/],
    [{ name: 'a', condition: "subject contains 'x'", action: { type: 'Maintenance Team' } }, 'rules[0].action.type', /lower-case/],
    [{ name: 'a', condition: "subject contains 'x'", action: { tags: 'water' } }, '', null],
    [{ name: 'a', condition: "subject contains 'x'", action: { routeto: 'x' } }, 'rules[0].action.routeto', /route_to/],
    [{ name: 'a', condition: "subject contains 'x'", action: { sensitive: 'yes' } }, 'rules[0].action.sensitive', /true or false/],
    [{ name: 'a', condition: "subject contains ('x'", action: {} }, 'rules[0].condition', /valid expression/],
    [{ name: 'a', condition: "color == 'red'", action: {} }, 'rules[0].condition', /rule fields/],
    [{ name: 'a', condition: "task_unresolved_time > '4 hours'", action: {} }, 'rules[0].condition', /rule fields/],
    [{ name: 'a', condition: "subject.constructor == 'x'", action: {} }, 'rules[0].condition', /valid expression|rule fields/],
    [{ name: 'a', condition: "subject.prototype == 'x'", action: {} }, 'rules[0].condition', /may not be read/],
    [{ name: 'a', condition: "subject matches '(a+)+$'", action: {} }, 'rules[0].condition', /rule fields/],
    [{ name: 'a', action: {} }, 'rules[0].condition', /required/],
    [{ condition: "subject contains 'x'", action: {} }, 'rules[0].name', /required/],
    [{ name: 'a', condition: "subject contains 'x'", action: {}, prio: 2 }, 'rules[0].prio', /priority/],
    [{ name: 'a', condition: "subject contains 'x'", action: {}, on: 'cron' }, 'rules[0].on', /'email' or 'time'/],
    [{ name: 'a', condition: "subject contains 'x'", action: { escalate: true } }, 'rules[0].action.escalate', /on: time/],
    [{ name: 'a', on: 'time', condition: "task_unresolved_time > '1 hour'", action: { route_to: 'IT' } }, 'rules[0].action.route_to', /email rules only/],
    [{ name: 'a', on: 'time', condition: "task_unresolved_time > '1 hour'", action: { notfy: 'x@y.example' } }, 'rules[0].action.notfy', /notify, escalate, priority/],
    [{ name: 'a', on: 'time', condition: "task_unresolved_time > '1 hour'", action: {} }, 'rules[0].action', /at least one/],
    [{ name: 'a', on: 'time', condition: "task_unresolved_time > '1 hour'", action: { escalate: 'yes' } }, 'rules[0].action.escalate', /true or false/],
    [{ name: 'a', on: 'time', condition: "task_unresolved_time > '1 hour'", action: { escalate: false } }, 'rules[0].action.escalate', /another action/],
    [{ name: 'a', on: 'time', condition: "task_unresolved_time > '1 hour'", action: { priority: 'urgent' } }, 'rules[0].action.priority', /low, medium, high, critical/],
    [{ name: 'a', on: 'time', condition: "task_unresolved_time > '1 hour'", action: { notify: [] } }, 'rules[0].action.notify', /an address/],
    [{ name: 'a', on: 'time', condition: "task.priority == 'high' and task_unresolved_time > '1 hour'", action: { escalate: true, priority: 'critical', notify: ['IT.Support'] } }, '', null],
  ])('%j → issue at %s', (rule, path, expected) => {
    const issues = issuesOf([rule]);
    if (expected === null) {
      expect(issues).toEqual([]);
      return;
    }
    const issue = issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue?.file).toBe('organizations/northside/rules/main.yaml');
    expect(`${issue?.expected} ${issue?.hint ?? ''}`).toMatch(expected);
    if ((rule as { name?: string }).name) expect(issue?.rule).toBe('a');
  });

  it('names the found value and reports every problem, not the first', () => {
    const issues = issuesOf([
      { name: 'a', condition: "subject contains 'x'", action: { priority: 'urgent', category: 0 } },
      { name: 'a', condition: "subject contains 'y'", action: {} },
    ], { defaults: { escalate_after: 'never' } });
    expect(issues.map((i) => i.path).sort()).toEqual(['defaults.escalate_after', 'rules[0].action.category', 'rules[0].action.priority', 'rules[1].name']);
    expect(issues.find((i) => i.path === 'rules[0].action.priority')?.found).toBe("'urgent'");
  });

  it('requires metadata.version and rejects unknown top-level keys', () => {
    const issues = validateRuleSources([{ file: 'w.yaml', layer: 'global', scope: null, data: { rules: [], rule: [] } }]);
    expect(issues.map((i) => i.path)).toEqual(['rule', 'metadata.version']);
  });

  it('a bad file never half-loads', () => {
    expect(() => compileRuleSet([file('r.yaml', [{ name: 'ok', condition: "subject contains 'a'", action: {} }, { name: 'bad', condition: '', action: {} }])], 'northside')).toThrow(ValidationError);
  });

  it('rejects conditions longer than the limit', () => {
    expect(issuesOf([{ name: 'a', condition: `subject contains '${'x'.repeat(2100)}'`, action: {} }])[0].expected).toMatch(/at most 2000/);
  });
});

describe('layering and evaluation', () => {
  const global = file('workflows/workflow_rules.yaml', [
    { name: 'drop-promotions', condition: "subject contains 'promotion'", action: { ignore: true } },
    { name: 'vip', condition: "sender_domain == 'board.example'", stop: false, action: { priority: 'high', tags: ['vip'], metadata: { a: 1 } } },
    { name: 'generic-it', condition: "subject contains 'printer'", action: { type: 'it' } },
  ], { defaults: { escalate_after: '24h', priority_escalation: { high: '1h', low: '24h' } } }, 'global', null);
  const domain = file('domains/it/rules/it.yaml', [
    { name: 'generic-it', condition: "subject contains 'printer'", action: { type: 'it', subtype: 'printer' } },
  ], { defaults: { priority_escalation: { high: '2h' } } }, 'domain', 'it');
  const org = file('organizations/northside/rules/main.yaml', [
    { name: 'drop-promotions', disabled: true },
    { name: 'urgent', condition: "subject contains 'urgent'", priority: 5, action: { type: 'maintenance', tags: ['water'], metadata: { b: 2 } } },
  ], { defaults: { escalate_after: '12h' } });
  const other = file('organizations/other/rules/main.yaml', [{ name: 'other-only', condition: 'true', action: { type: 'z' } }], {}, 'organization', 'other');
  const set = compileRuleSet([org, other, domain, global], 'northside');

  it('orders global, domain, organization; replaces by name in place; removes disabled; sorts by priority', () => {
    expect(set.emailRules.map((r) => [r.name, r.file])).toEqual([
      ['urgent', 'organizations/northside/rules/main.yaml'],
      ['vip', 'workflows/workflow_rules.yaml'],
      ['generic-it', 'domains/it/rules/it.yaml'],
    ]);
    expect(set.defaults).toEqual({ escalate_after: '12h', priority_escalation: { high: '2h', low: '24h' } });
    expect(set.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(compileRuleSet([org, other, domain, global], 'northside').hash).toBe(set.hash);
    expect(compileRuleSet([global], 'northside').hash).not.toBe(set.hash);
  });

  it('first match wins; stop: false applies and goes on, merging tags and metadata', () => {
    const decision = evaluateEmail(set, facts({ sender_domain: 'board.example', subject: 'printer jam' }));
    expect(decision).toMatchObject({ outcome: 'task', matched: ['vip', 'generic-it'] });
    expect(decision.action).toEqual({ priority: 'high', tags: ['vip'], metadata: { a: 1 }, type: 'it', subtype: 'printer' });
    expect(decision.trace.map((t) => [t.rule, t.matched])).toEqual([['urgent', false], ['vip', true], ['generic-it', true]]);
    const urgent = evaluateEmail(set, facts({ sender_domain: 'board.example' }));
    expect(urgent.matched).toEqual(['urgent']);
    expect(urgent.trace[1].reason).toMatch(/not considered/);
  });

  it('an ignore rule gives the ignore outcome; no match gives a task with an empty action', () => {
    const withGlobal = compileRuleSet([global], 'northside');
    expect(evaluateEmail(withGlobal, facts({ subject: 'Black Friday promotion' })).outcome).toBe('ignore');
    expect(evaluateEmail(set, facts({ subject: 'Black Friday promotion' })).outcome).toBe('task');
    expect(evaluateEmail(set, facts({ subject: 'hello', body: '' }))).toMatchObject({ outcome: 'task', matched: [], action: {} });
  });

  it("keeps each organization's rules to itself", () => {
    expect(compileRuleSet([org, other], 'other').emailRules.map((r) => r.name)).toEqual(['other-only']);
    expect(ruleSourcesFor([org, other, domain, global], 'northside').map((s) => s.file)).toEqual([global.file, domain.file, org.file]);
  });

  it('goes through plain JSON (the shared cache) and decides exactly as the set it came from', () => {
    const model = JSON.parse(JSON.stringify(ruleSetModel(set)));
    expect(JSON.stringify(model)).not.toContain('test');
    const revived = compileRuleSetModel(model);
    expect(revived.hash).toBe(set.hash);
    expect(revived.defaults).toEqual(set.defaults);
    for (const email of [facts({ sender_domain: 'board.example', subject: 'printer jam' }), facts(), facts({ subject: 'hello', body: '' })]) {
      expect(evaluateEmail(revived, email)).toEqual(evaluateEmail(set, email));
    }
  });

  it('refuses a cached model whose condition reaches outside the rule fields', () => {
    const model = ruleSetModel(set);
    model.emailRules[0] = { ...model.emailRules[0], condition: "constructor.name == 'x'" };
    expect(() => compileRuleSetModel(model)).toThrow(ValidationError);
  });
});

describe('a domain that declares itself sensitive', () => {
  it("makes every task its rules create sensitive, and leaves its ignore rules and other layers' rules alone", () => {
    const hr = { ...file('domains/hr/rules/hr.yaml', [
      { name: 'harassment', condition: "keywords contains 'harassment'", action: { type: 'hr', sensitive: false } },
      { name: 'hr-newsletter', condition: "subject contains 'newsletter'", action: { ignore: true } },
    ], {}, 'domain', 'hr'), sensitive: true };
    const org = file('organizations/northside/rules/main.yaml', [{ name: 'leak', condition: "subject contains 'leak'", action: { type: 'maintenance' } }]);
    const set = compileRuleSet([hr, org], 'northside');
    const action = (name: string) => set.emailRules.find((r) => r.name === name)?.action;
    expect(action('harassment')).toMatchObject({ type: 'hr', sensitive: true });
    expect(action('hr-newsletter')).toEqual({ ignore: true });
    expect(action('leak')?.sensitive).toBeUndefined();
  });
});

describe('example rules of the design notes', () => {
  it.each([
    ["subject contains 'urgent'", facts(), true],
    ["organization == 'northside'", facts(), true],
    ["mailbox == 'report@northside.example' or keywords contains 'harassment'", facts({ keywords: ['harassment'] }), true],
    ["mailbox == 'report@northside.example' or keywords contains 'harassment'", facts(), false],
  ])('%s', (condition, f, expected) => {
    const set = compileRuleSet([file('r.yaml', [{ name: 'r', condition, action: { type: 'x' } }])], 'northside');
    expect(evaluateEmail(set, f).matched.length > 0).toBe(expected);
  });
});
