import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { formatIssue } from '@orgo/domain';

import { checkTemplates } from './check-templates';

/** A configuration folder with the given files below it. */
function configWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-template-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const orgTemplates = (dir: string) => path.join(dir, 'organizations', 'northside', 'templates');
const domainTemplates = (dir: string) => path.join(dir, 'domains', 'schools', 'templates');

describe('checkTemplates', () => {
  it('finds nothing wrong with the built-in templates', () => {
    expect(checkTemplates({ organizationDirs: {}, domainDirs: [], organizations: ['northside', 'district'] })).toEqual([]);
  });

  it('names the file, line and placeholder of an override with a placeholder the context lacks', () => {
    const dir = configWith({ 'organizations/northside/templates/email/assigned.text.njk': 'Hello {{ recipient }},\nsee {{ task.nonexistent }} now.\n' });
    const issues = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'organizations/northside/templates/email/assigned.text.njk', path: 'line 2' });
    expect(formatIssue(issues[0])).toContain("the placeholder {{ task.nonexistent }}, which has no value in the sample 'assigned' notification");
    expect(issues[0].hint).toMatch(/fix its name, or wrap an optional value in \{% if/);
  });

  it('shows the absolute file without a configuration folder', () => {
    const dir = configWith({ 'organizations/northside/templates/sms/resolved.text.njk': '{{ nope }}' });
    const [issue] = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'] });
    expect(issue.file).toBe(path.join(orgTemplates(dir), 'sms', 'resolved.text.njk'));
  });

  it('catches an optional value output unguarded, as a task without it would', () => {
    const dir = configWith({ 'organizations/northside/templates/email/assigned.subject.njk': '[{{ task.key }}] {{ task.subtype }}' });
    const issues = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir });
    expect(issues.map(formatIssue)).toEqual([
      expect.stringContaining("the placeholder {{ task.subtype }}, which has no value in a 'assigned' notification of a task with no subtype, severity or deadline"),
    ]);
  });

  it('checks domain overrides, also where an organization override shadows them, reporting each file once', () => {
    const dir = configWith({
      'domains/schools/templates/in_app/escalated.text.njk': '{{ task.key }} {{ escalation_reason }}',
      'organizations/northside/templates/in_app/escalated.text.njk': '{{ task.key }} escalated',
    });
    const issues = checkTemplates({
      organizationDirs: { northside: orgTemplates(dir) },
      domainDirs: [domainTemplates(dir)],
      organizations: ['northside', 'district'],
      configDir: dir,
    });
    expect(issues).toHaveLength(1);
    expect(issues[0].file).toBe('domains/schools/templates/in_app/escalated.text.njk');
    expect(issues[0].found).toContain('{{ escalation_reason }}');
  });

  it('checks digest templates without a task, as the notifier renders them', () => {
    const dir = configWith({ 'organizations/northside/templates/in_app/digest.subject.njk': '{{ task.key }} and {{ items | length }} more' });
    const issues = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir });
    expect(issues).toEqual([expect.objectContaining({ file: 'organizations/northside/templates/in_app/digest.subject.njk', found: expect.stringContaining('{{ task.key }}') })]);
  });

  it('reports a syntax error with the line', () => {
    const dir = configWith({ 'organizations/northside/templates/email/resolved.text.njk': 'Done.\n{% if task.key %}no end\n' });
    const [issue] = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir });
    expect(issue).toMatchObject({ file: 'organizations/northside/templates/email/resolved.text.njk', expected: 'a template Nunjucks can render' });
    expect(issue.found).toMatch(/endif|end of file/i);
  });

  it('flags override files that are no template, and accepts partials and templates of their own', () => {
    const dir = configWith({
      'organizations/northside/templates/email/Assigned.text.njk': 'x',
      'organizations/northside/templates/sms/assigned.subject.njk': 'x',
      'organizations/northside/templates/fax/assigned.text.njk': 'x',
      'organizations/northside/templates/email/assigned.body.njk': 'x',
      'organizations/northside/templates/assigned.text.njk': 'x',
      'organizations/northside/templates/email/_signature.njk': 'The {{ organization }} team',
      'organizations/northside/templates/email/hr_receipt.text.njk': 'Received as {{ task.key }}.',
    });
    const issues = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir });
    const byFile = Object.fromEntries(issues.map((i) => [i.file!.replace('organizations/northside/templates/', ''), i.hint]));
    expect(Object.keys(byFile).sort()).toEqual(['assigned.text.njk', 'email/Assigned.text.njk', 'email/assigned.body.njk', 'fax/assigned.text.njk', 'sms/assigned.subject.njk']);
    expect(byFile['email/Assigned.text.njk']).toMatch(/'Assigned' is neither a purpose \(assigned, escalated.*\) nor a template name/);
    expect(byFile['sms/assigned.subject.njk']).toMatch(/an SMS has no subject/);
    expect(byFile['fax/assigned.text.njk']).toMatch(/'fax' is not a medium/);
    expect(byFile['email/assigned.body.njk']).toMatch(/'body' is not a part/);
  });

  it("renders a template of its own (a rule's acknowledge) with the acknowledgement's sample", () => {
    const dir = configWith({
      'organizations/northside/templates/email/hr_receipt.subject.njk': 'Received: {{ task.key }}',
      'organizations/northside/templates/email/hr_receipt.text.njk': 'Thank you, {{ recipient }}. {{ task.reporter_name }}',
    });
    const issues = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir });
    expect(issues).toEqual([
      expect.objectContaining({ file: 'organizations/northside/templates/email/hr_receipt.text.njk', found: expect.stringContaining("{{ task.reporter_name }}, which has no value in the sample 'hr_receipt' notification") }),
    ]);
  });

  it('reports a rule acknowledging with a template its organization does not have', () => {
    const dir = configWith({ 'domains/schools/templates/email/hr_receipt.text.njk': 'Received as {{ task.key }}.' });
    const use = (organization: string, template: string) => ({ organization, template, rule: 'hr-mail', file: `organizations/${organization}/rules/hr.yaml` });
    const issues = checkTemplates({
      organizationDirs: {},
      domainDirs: [domainTemplates(dir)],
      organizations: ['northside'],
      configDir: dir,
      acknowledgements: [use('northside', 'hr_receipt'), use('northside', 'acknowledgement'), use('northside', 'nothing_here')],
    });
    expect(issues).toEqual([
      expect.objectContaining({ file: 'organizations/northside/rules/hr.yaml', rule: 'hr-mail', path: 'action.acknowledge', found: 'no email/hr_receipt.subject.njk' }),
      expect.objectContaining({ found: 'no email/nothing_here.subject.njk and no email/nothing_here.text.njk', hint: expect.stringContaining('acknowledge: true') }),
    ]);
  });

  it('names the partial where an included placeholder fails, and the template including it', () => {
    const dir = configWith({
      'organizations/northside/templates/email/_signature.njk': 'Regards,\nThe {{ organisation }} team',
      'organizations/northside/templates/email/resolved.text.njk': 'Resolved {{ task.key }}.\n{% include "email/_signature.njk" %}\n',
    });
    const issues = checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir });
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'organizations/northside/templates/email/_signature.njk',
        path: 'line 2',
        found: "the placeholder {{ organisation }}, which has no value in the sample 'resolved' notification (included by email/resolved.text.njk)",
      }),
    ]);
  });

  it('renders an override that includes a partial', () => {
    const dir = configWith({
      'organizations/northside/templates/email/_signature.njk': 'The {{ organization }} team',
      'organizations/northside/templates/email/resolved.text.njk': 'Resolved {{ task.key }}.\n{% include "email/_signature.njk" %}\n',
    });
    expect(checkTemplates({ organizationDirs: { northside: orgTemplates(dir) }, domainDirs: [], organizations: ['northside'], configDir: dir })).toEqual([]);
  });
});
