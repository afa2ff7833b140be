import type { RuleDryRunV1 } from '@orgo/contracts';

import { formatDryRun } from './rules-test-report';

const run = (over: Partial<RuleDryRunV1> = {}): RuleDryRunV1 => ({
  organization: 'riverside',
  rule_set_hash: 'a'.repeat(64),
  email: {
    message_id: 'm@x',
    from: 'maya@members.example',
    to: ['repairs@riverside.example'],
    cc: ['friend@members.example'],
    subject: 'Heating broken',
    mailbox: 'repairs@riverside.example',
    flags: { auto_submitted: false, bulk: true, bounce: false, from_orgo: false },
    keywords: ['heating', 'broken'],
    attachments: [],
  },
  rules: [
    { rule: 'drop-newsletters', file: 'workflows/workflow_rules.yaml', on: 'email', condition: "subject contains 'newsletter'", matched: false, reason: "condition false: subject contains 'newsletter'" },
    { rule: 'broken-heating', file: 'organizations/riverside/rules/r.yaml', on: 'email', condition: "subject contains 'heating'", matched: true, reason: "matched: subject contains 'heating'" },
    { rule: 'stale', file: 'organizations/riverside/rules/t.yaml', on: 'time', condition: "task_unresolved_time > '4 hours'", matched: null, reason: 'not applicable to an incoming email' },
  ],
  matched: ['broken-heating'],
  outcome: 'task',
  reply: null,
  action: { type: 'facilities', priority: 'high' },
  task: {
    type: 'facilities', subtype: 'heating', priority: 'high', severity: null, category: 8, subcategory: 1,
    position: '1001.Facilities.Repairs', position_title: 'Handyperson', holders: ['handy1@riverside.example'],
    label: '1001.81.Facilities.Repairs', via: 'route_to', problem: null,
    reactivity: { duration: '2h', ms: 7_200_000, source: 'rule' }, escalates_at_once: false,
    escalation_chain: ['1001.Facilities.Repairs', '11.Facilities', '1'], visibility: 'department', sensitive: false, tags: [],
  },
  ...over,
});

describe('formatDryRun', () => {
  it('shows the email, each rule with a mark and its reason, the outcome and the task', () => {
    const text = formatDryRun(run());
    expect(text).toMatch(/to: +repairs@riverside\.example {2}\(cc friend@members\.example\)/);
    expect(text).toMatch(/flags: +bulk\n/);
    expect(text).toMatch(/✗ drop-newsletters {2}\[email, workflows\/workflow_rules\.yaml\]\n {6}condition false/);
    expect(text).toMatch(/✓ broken-heating/);
    expect(text).toMatch(/- stale {2}\[time, .*\]\n {6}not applicable/);
    expect(text).toMatch(/Outcome: task\n/);
    expect(text).toMatch(/position: +1001\.Facilities\.Repairs \(Handyperson\) via route_to; holders handy1@riverside\.example/);
    expect(text).toMatch(/reactivity: +2h \(from rule\)/);
    expect(text).toMatch(/escalation: +1001\.Facilities\.Repairs → 11\.Facilities → 1/);
  });

  it('says why nothing is created for ignore, and what happens to a reply', () => {
    expect(formatDryRun(run({ outcome: 'ignore', matched: ['drop-newsletters'], task: null }))).toMatch(/Outcome: ignore \(rule drop-newsletters: no task is created\)\n$/);
    const reply = formatDryRun(run({ outcome: 'reply', reply: { references: ['n1@riverside.example'], subject_key: 'RIV-12' } }));
    expect(reply).toMatch(/Outcome: reply \(it answers a task: task key RIV-12 and 1 thread reference\(s\); the task-service adds it to that task\)/);
    expect(reply).toMatch(/Task \(when no task is found for the reply\)/);
  });
});
