import path from 'node:path';

import { loadConfig } from '@orgo/config';
import type { EmailParsedV1 } from '@orgo/contracts';
import { OrganizationDirectory } from '@orgo/domain';

import { dryRunEmail, ruleLayerOf, ruleList } from './email-dry-run';
import { compileRuleSet } from './rule-set';

const config = loadConfig(path.join(__dirname, '..', '..', '..', 'tests', 'fixtures', 'riverside', 'config'), { env: {} });
const model = config.organizations[0];
const directory = new OrganizationDirectory(model);
const set = compileRuleSet(
  [
    ...config.ruleFiles,
    {
      file: 'organizations/riverside/rules/later.yaml',
      layer: 'organization',
      scope: 'riverside',
      data: { metadata: { version: '1.0' }, rules: [{ name: 'stale-repair', on: 'time', condition: "task_unresolved_time > '4 hours'", action: { notify: 'lead@riverside.example' } }] },
    },
  ],
  'riverside',
);

const email = (over: Partial<EmailParsedV1>): EmailParsedV1 => ({
  emailId: 'dry-run',
  mailbox: 'hello@riverside.example',
  messageId: 'm1@example.org',
  from: { address: 'neighbour@example.org', name: 'Neighbour' },
  to: ['hello@riverside.example'],
  cc: [],
  subject: 'Question about opening hours',
  text: 'When do you open on Sunday?',
  date: null,
  inReplyTo: null,
  references: [],
  keywords: ['opening', 'hours', 'sunday'],
  attachments: [],
  autoSubmitted: false,
  bulk: false,
  receivedAt: '2026-11-24T10:00:00.000Z',
  ...over,
});

describe('dryRunEmail', () => {
  it('shows every rule with why it matched or not, and the task the match would create', () => {
    const run = dryRunEmail(set, email({ subject: 'Heating broken', text: 'It is cold in the hall.', keywords: ['heating', 'broken', 'cold'] }), model, directory);
    expect(run.outcome).toBe('task');
    expect(run.matched).toEqual(['broken-heating']);
    const byName = new Map(run.rules.map((r) => [r.rule, r]));
    expect(run.rules.map((r) => r.rule)).toEqual([...set.emailRules.map((r) => r.name), 'stale-repair']);
    expect(run.rules.slice(0, 2).map((r) => [r.rule, r.on, r.matched])).toEqual([
      ['drop-newsletters', 'email', false],
      ['broken-heating', 'email', true],
    ]);
    expect(byName.get('slow-repair')).toMatchObject({ on: 'email', matched: false });
    expect(run.rules[0].reason).toMatch(/condition false: subject contains 'newsletter'/);
    expect(byName.get('slow-repair')?.reason).toMatch(/not considered/);
    expect(byName.get('stale-repair')).toMatchObject({ on: 'time', matched: null, file: 'organizations/riverside/rules/later.yaml', reason: expect.stringMatching(/not applicable to an incoming email/) });
    expect(run.task).toMatchObject({
      type: 'facilities',
      subtype: 'heating',
      priority: 'high',
      position: '1001.Facilities.Repairs',
      holders: ['handy1@riverside.example', 'handy2@riverside.example'],
      label: '1001.81.Facilities.Repairs',
      via: 'route_to',
      reactivity: { ms: 2000, source: 'rule' },
      tags: ['heating'],
    });
    expect(run.email).toMatchObject({ from: 'neighbour@example.org', mailbox: 'hello@riverside.example', flags: { auto_submitted: false, bulk: false, bounce: false, from_orgo: false } });
  });

  it('routes an email no rule matches to the mailbox role, with the global default reactivity', () => {
    const run = dryRunEmail(set, email({}), model, directory);
    expect(run.matched).toEqual([]);
    expect(run.task).toMatchObject({ type: 'general', priority: 'medium', position: '101.Front.Desk', via: 'mailbox_role' });
  });

  it('says ignore, with no task, when an ignore rule matches', () => {
    const run = dryRunEmail(set, email({ subject: 'Our newsletter', bulk: true }), model, directory);
    expect(run).toMatchObject({ outcome: 'ignore', matched: ['drop-newsletters'], task: null });
    expect(run.email.flags.bulk).toBe(true);
  });

  it('says reply when the email answers a thread, and shows the task made if no task is found', () => {
    const run = dryRunEmail(set, email({ subject: 'Re: Question', inReplyTo: 'notice-1@riverside.example' }), model, directory);
    expect(run.outcome).toBe('reply');
    expect(run.reply).toEqual({ references: ['notice-1@riverside.example'], subject_key: null });
    expect(run.task?.position).toBe('101.Front.Desk');
  });

  it('starts a crisis at the top of its chain', () => {
    const run = dryRunEmail(set, email({ subject: 'Smoke in the basement' }), model, directory);
    expect(run.task).toMatchObject({ via: 'crisis', position: '1', priority: 'critical', category: 9 });
  });
});

describe('ruleList', () => {
  it('lists email rules in evaluation order, then time rules, each with its file and layer', () => {
    const list = ruleList(set);
    expect(list).toMatchObject({ organization: 'riverside', rule_set_hash: set.hash, defaults: set.defaults });
    expect(list.rules.map((r) => r.name)).toEqual([...set.emailRules.map((r) => r.name), 'stale-repair']);
    expect(list.rules[0]).toMatchObject({ name: 'drop-newsletters', layer: 'global', on: 'email', action: { ignore: true } });
    expect(list.rules[list.rules.length - 1]).toMatchObject({ layer: 'organization', on: 'time', condition: "task_unresolved_time > '4 hours'" });
  });

  it.each([
    ['workflows/workflow_rules.yaml', 'global'],
    ['domains/education/rules/school.yaml', 'domain'],
    ['organizations/riverside/rules/main.yaml', 'organization'],
  ])('%s is in the %s layer', (file, layer) => {
    expect(ruleLayerOf(file)).toBe(layer);
  });
});
