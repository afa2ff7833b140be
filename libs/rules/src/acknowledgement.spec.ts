import type { RuleFileSource } from '@orgo/config';
import type { EmailParsedV1 } from '@orgo/contracts';

import { decideAcknowledgement } from './acknowledgement';
import { evaluateEmail } from './evaluate';
import { compileRuleSet, validateRuleSources } from './rule-set';
import type { EmailFacts } from './rule-types';

const rules = (list: unknown[]): RuleFileSource[] => [
  { file: 'organizations/northside/rules/main.yaml', layer: 'organization', scope: 'northside', data: { metadata: { version: '1.0' }, rules: list } },
];

type AckEmail = Pick<EmailParsedV1, 'from' | 'autoSubmitted' | 'bulk' | 'bounce' | 'fromOrgo'>;
const email = (over: Partial<AckEmail> = {}): AckEmail => ({
  from: { address: 'parent@families.example', name: 'A parent' },
  autoSubmitted: false,
  bulk: false,
  bounce: false,
  fromOrgo: false,
  ...over,
});
const organization = { roles: [{ id: 'Ops.Maintenance', addresses: ['maintenance@northside.example'], entry: '1001.Ops.Maintenance' }] };

describe('acknowledge in a rule (validation)', () => {
  it.each([true, false, 'acknowledgement', 'hr_receipt', 'receipt2'])('accepts %j', (acknowledge) => {
    expect(validateRuleSources(rules([{ name: 'a', condition: "subject contains 'x'", action: { acknowledge } }]))).toEqual([]);
  });

  it.each(['', 'Receipt', 'hr-receipt', '2receipt', '../secrets', 'hr receipt', 1, ['acknowledgement']])('refuses %j, naming file, rule, key and what it takes', (acknowledge) => {
    const [issue, ...more] = validateRuleSources(rules([{ name: 'ack', condition: "subject contains 'x'", action: { acknowledge } }]));
    expect(more).toEqual([]);
    expect(issue).toMatchObject({ file: 'organizations/northside/rules/main.yaml', rule: 'ack', path: 'rules[0].action.acknowledge' });
    expect(issue.expected).toMatch(/true, false or a template name .*lower-case letters, digits and _/);
    expect(issue.hint).toMatch(/templates\/email\/<name>/);
  });
});

describe('the acknowledgement decision', () => {
  it('asks for nothing when no matched rule says acknowledge, or it says false', () => {
    expect(decideAcknowledgement(undefined, email(), organization)).toBeNull();
    expect(decideAcknowledgement(false, email(), organization)).toBeNull();
  });

  it('sends the template acknowledgement for true, the named template for a name', () => {
    expect(decideAcknowledgement(true, email(), organization)).toEqual({ send: true, template: 'acknowledgement' });
    expect(decideAcknowledgement('hr_receipt', email(), organization)).toEqual({ send: true, template: 'hr_receipt' });
  });

  it.each([
    [{ autoSubmitted: true }, /^auto_submitted: .*automatic reply/],
    [{ bulk: true }, /^bulk: .*bulk or list mail/],
    [{ bounce: true }, /^bounce: .*delivery failure/],
    [{ fromOrgo: true }, /^from_orgo: .*Orgo's own/],
    [{ from: { address: 'anonymous.k2m9@anonymous.invalid', name: 'Anonymous reporter' } }, /^anonymous: .*web form/],
    [{ from: { address: 'Maintenance@Northside.example', name: '' } }, /^own_address: the sender maintenance@northside\.example is a role address .*Ops\.Maintenance/],
  ] as [Partial<AckEmail>, RegExp][])('never answers mail with %j, and says why', (over, reason) => {
    const decision = decideAcknowledgement(true, email(over), organization);
    expect(decision).toEqual({ send: false, reason: expect.stringMatching(reason) });
  });

  it('follows the merged action of the matched rules: a later rule (stop: false) overrides an earlier acknowledge', () => {
    const set = compileRuleSet(
      rules([
        { name: 'receipt', condition: "subject contains 'leak'", stop: false, action: { acknowledge: true } },
        { name: 'hr', condition: "subject contains 'complaint'", action: { acknowledge: 'hr_receipt' } },
        { name: 'quiet', condition: "subject contains 'spam'", action: { acknowledge: false } },
      ]),
      'northside',
    );
    const facts = (subject: string): EmailFacts => ({
      subject, body: '', sender: 'parent@families.example', sender_domain: 'families.example', mailbox: 'maintenance@northside.example',
      recipients: [], keywords: [], attachments: [], has_attachments: false, organization: 'northside', organization_type: 'school',
      auto_submitted: false, bulk: false, bounce: false, from_orgo: false,
    });
    const decide = (subject: string) => decideAcknowledgement(evaluateEmail(set, facts(subject)).action.acknowledge, email(), organization);
    expect(decide('leak in room 1')).toEqual({ send: true, template: 'acknowledgement' });
    expect(decide('leak and a complaint')).toEqual({ send: true, template: 'hr_receipt' });
    expect(decide('leak spam')).toBeNull();
    expect(decide('nothing to see')).toBeNull();
  });
});
