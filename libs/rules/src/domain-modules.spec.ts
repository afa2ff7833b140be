import path from 'node:path';

import { loadConfig, type RuleFileSource } from '@orgo/config';

import { evaluateEmail } from './evaluate';
import { compileRuleSet, ruleSourcesFor } from './rule-set';
import type { EmailFacts } from './rule-types';

const EXAMPLE = path.resolve(__dirname, '../../../config');

const source = (file: string, layer: RuleFileSource['layer'], scope: string | null): RuleFileSource => ({
  file,
  layer,
  scope,
  data: {
    metadata: { version: '1.0' },
    rules: [{ name: `${scope ?? 'global'}-r`, condition: "subject contains 'x'", action: { type: 'x' } }],
  },
});

const facts = (over: Partial<EmailFacts>): EmailFacts => ({
  subject: '',
  body: '',
  sender: 'teacher@northside.example',
  sender_domain: 'northside.example',
  mailbox: 'office@northside.example',
  recipients: ['office@northside.example'],
  keywords: [],
  attachments: [],
  has_attachments: false,
  organization: 'northside',
  organization_type: 'school',
  auto_submitted: false,
  bulk: false,
  bounce: false,
  from_orgo: false,
  ...over,
});

describe('domain modules per organization', () => {
  const global = source('workflows/workflow_rules.yaml', 'global', null);
  const it_ = source('domains/it/rules/it_rules.yaml', 'domain', 'it');
  const hr = source('domains/hr/rules/hr_rules.yaml', 'domain', 'hr');
  const own = source('organizations/northside/rules/main.yaml', 'organization', 'northside');

  it('keeps only the switched-on domains; absent or null: every domain', () => {
    const all = [own, hr, it_, global];
    expect(ruleSourcesFor(all, 'northside').map((s) => s.file)).toEqual([
      global.file,
      hr.file,
      it_.file,
      own.file,
    ]);
    expect(ruleSourcesFor(all, 'northside', null).map((s) => s.file)).toEqual([
      global.file,
      hr.file,
      it_.file,
      own.file,
    ]);
    expect(ruleSourcesFor(all, 'northside', ['it']).map((s) => s.file)).toEqual([
      global.file,
      it_.file,
      own.file,
    ]);
    expect(ruleSourcesFor(all, 'northside', []).map((s) => s.file)).toEqual([global.file, own.file]);
    expect(compileRuleSet(all, 'northside', ['it']).emailRules.map((r) => r.name)).toEqual([
      'global-r',
      'it-r',
      'northside-r',
    ]);
  });

  it("the shipped modules tag location and equipment; the organization's own rules still route", () => {
    const config = loadConfig(EXAMPLE, { env: {} });
    const northside = config.organizations.find((o) => o.slug === 'northside')!;
    const set = compileRuleSet(config.ruleFiles, 'northside', northside.domains);
    const decision = evaluateEmail(
      set,
      facts({
        subject: 'Urgent: dishwasher leak in the cafeteria kitchen',
        body: 'Water all over the floor near the lobby doors, it is slippery.',
        mailbox: 'maintenance@northside.example',
        keywords: ['water'],
      }),
    );
    expect(decision.outcome).toBe('task');
    expect(decision.action.tags).toEqual(
      expect.arrayContaining([
        'location:lobby',
        'location:cafeteria',
        'location:kitchen',
        'equipment:dishwasher',
      ]),
    );
    expect(decision.matched).toContain('urgent-leak');
    expect(decision.action).toMatchObject({
      type: 'maintenance',
      subtype: 'plumbing',
      route_to: expect.anything(),
    });
  });

  it('hr harassment from the module is sensitive and private', () => {
    const config = loadConfig(EXAMPLE, { env: {} });
    const set = compileRuleSet(config.ruleFiles, 'northside', ['hr']);
    const decision = evaluateEmail(set, facts({ subject: 'Harassment in the staff room' }));
    expect(decision.action).toMatchObject({
      type: 'hr',
      subtype: 'harassment',
      sensitive: true,
      visibility: 'private',
    });
  });
});
