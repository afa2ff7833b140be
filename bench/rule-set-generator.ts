/**
 * A generated organization rule set for the rules bench: `count` rules written as YAML text, a
 * realistic mix of conditions (subject and body `contains`, bounded `matches`, `in`, `and` / `or` /
 * `not`, mailbox and sender domain checks, keywords membership). Every tenth rule matches the
 * bench's sample email (a water leak report to repairs@bench.example from members.example); the
 * others name topics that email does not mention.
 */

const TOPICS = [
  'projector', 'invoice', 'contract', 'printer', 'heating', 'badge', 'payroll', 'laptop', 'roof', 'elevator',
  'parking', 'canteen', 'password', 'vpn', 'holiday', 'uniform', 'delivery', 'refund', 'alarm', 'window',
];

/** Conditions that hold for the sample email (one per matching rule, cycled). */
const MATCHING = [
  "subject contains 'leak'",
  "body contains 'water' and mailbox == 'repairs@bench.example'",
  "subject matches 'leak report [0-9]{1,6}'",
  "sender_domain in ['members.example', 'tenants.example']",
  "'leak' in keywords or keywords contains 'water'",
  "not bulk and body contains 'pipe'",
  "(subject contains 'flood' or subject contains 'water') and organization_type == 'company'",
  "body matches 'room [0-9]{1,4}' and not has_attachments",
  "mailbox == 'repairs@bench.example' and not (sender_domain == 'bench.example')",
  "subject contains 'report' and sender matches '^reporter[0-9]{1,3}@'",
];

/** A condition that does not hold for the sample email, over the topic `t` (kind 0–8). */
function otherCondition(kind: number, t: string, i: number): string {
  switch (kind) {
    case 0:
      return `subject contains '${t}'`;
    case 1:
      return `body contains '${t}' and mailbox == '${t}@bench.example'`;
    case 2:
      return `subject matches '^(re: )?${t} [0-9]{1,4}$'`;
    case 3:
      return `sender_domain in ['${t}.example', 'vendor${i}.example']`;
    case 4:
      return `(subject contains '${t}' or body contains '${t} broken') and not bulk`;
    case 5:
      return `'${t}' in keywords`;
    case 6:
      return `mailbox == '${t}@bench.example' and has_attachments`;
    case 7:
      return `not (sender_domain == 'members.example') and subject contains '${t}'`;
    default:
      return `body matches '${t}s? (is|are) (broken|down)' and organization_type == 'company'`;
  }
}

export interface GeneratedRuleSet {
  yaml: string;
  /** Names of the rules whose condition holds for the sample email, in order. */
  matching: string[];
}

/** `count` rules as the YAML text of one rule file; `stop: false` on every rule when `stopFalse`. */
export function generateRuleSet(count: number, stopFalse: boolean): GeneratedRuleSet {
  const lines = ['metadata: { version: "1.0" }', 'rules:'];
  const matching: string[] = [];
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const matches = i % 10 === 9;
    const name = matches ? `leak-${i}` : `${topic}-${i}`;
    if (matches) matching.push(name);
    const condition = matches ? MATCHING[Math.floor(i / 10) % MATCHING.length] : otherCondition(i % 10, topic, i);
    const action = matches
      ? `{ type: maintenance, subtype: plumbing, priority: ${i < count / 2 ? 'high' : 'medium'}, tags: [leak] }`
      : `{ type: ${i % 3 === 0 ? 'it' : 'administration'}, priority: ${['low', 'medium', 'high'][i % 3]}, tags: [${topic}] }`;
    lines.push(`  - name: ${name}`, `    condition: ${JSON.stringify(condition)}`, `    action: ${action}`);
    if (stopFalse) lines.push('    stop: false');
  }
  return { yaml: `${lines.join('\n')}\n`, matching };
}
