import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { OrganizationDirectory, ValidationError, type ValidationIssue } from '@orgo/domain';

import { loadConfig, organizationForAddress } from './load-config';

const SANGHA = path.resolve(__dirname, '../../../tests/fixtures/sangha/config');
const EXAMPLE = path.resolve(__dirname, '../../../config');

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-config-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const BASE = 'metadata: { version: "1.0" }\ntimezone: UTC\nlog_level: info\n';
const ORG = `metadata: { version: "1.0" }
organization: { slug: acme, name: Acme Works, type: company, timezone: Europe/Paris, profile: hospital, parameters: { reactivity: { high: 2h } } }
positions:
  - { id: "1", title: CEO, holders: [ceo@acme.example] }
  - { id: "11.Ops", title: Head, holders: [Head@Acme.example] }
  - { id: "1001.Ops.Repairs", title: Tech, holders: [tech@acme.example] }
roles:
  - { id: Ops.Repairs, addresses: [repairs@acme.example] }
people:
  - { email: ceo@acme.example, name: Ceo }
`;

function issuesOf(files: Record<string, string>, env: Record<string, string> = {}): ValidationIssue[] {
  try {
    loadConfig(tree(files), { env });
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('loads a configuration written outside the project (no profiles folder)', () => {
    const config = loadConfig(SANGHA);
    const sangha = config.organizations[0];
    expect(sangha).toMatchObject({ slug: 'sangha', profile: 'advocacy_group', triage: '101.Community.Coordination' });
    expect(sangha.parameters.escalation_granularity).toBe('detailed');
    expect(sangha.parameterSources).toMatchObject({ escalation_granularity: 'organization override', reactivity: 'profile: advocacy_group' });
    expect(sangha.roles.find((r) => r.id === 'Community.Liaison')?.entry).toBe('1001.Community.Liaison');
    expect(new OrganizationDirectory(sangha).chainOf('1001.Community.Liaison')).toEqual(['1001.Community.Liaison', '101.Community.Liaison', '11.Community', '1']);
    expect(config.ruleFiles.map((f) => [f.file, f.layer, f.scope])).toEqual([
      ['workflows/workflow_rules.yaml', 'global', null],
      ['organizations/sangha/rules/sangha_rules.yaml', 'organization', 'sangha'],
    ]);
  });

  it('loads the example organization', () => {
    const config = loadConfig(EXAMPLE);
    expect(config.organizations.map((o) => o.slug)).toEqual(['northside']);
    expect(organizationForAddress(config, 'Maintenance@Northside.example')?.slug).toBe('northside');
  });

  it('merges profile parameters with organization overrides and lower-cases addresses', () => {
    const config = loadConfig(tree({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': ORG }));
    const acme = config.organizations[0];
    expect(acme.parameters.reactivity).toEqual({ critical: '5m', high: '2h', medium: '1h', low: '4h' });
    expect(acme.parameterSources).toMatchObject({ reactivity: 'organization override', transparency: 'profile: hospital' });
    expect(acme.positions[1].holders).toEqual(['head@acme.example']);
    expect(acme.people[0].notify).toEqual({ channels: ['email'], digest: 'immediate' });
  });

  it('applies environment overrides and the active environment', () => {
    const config = loadConfig(
      tree({
        'global/base_config.yaml': BASE,
        'global/environment.yaml': 'metadata: { version: "1.0" }\nenvironments: { staging: { log_level: warn } }\n',
        'services/smtp/smtp.yaml': 'metadata: { version: "1.0" }\nhost: localhost\nport: 25\n',
        'organizations/acme/organization.yaml': ORG,
      }),
      { env: { ORGO_ENV: 'staging', ORGO_SMTP__HOST: 'mail.acme.example', ORGO_SMTP__TLS__ENABLED: 'true' } },
    );
    expect(config.base.log_level).toBe('warn');
    expect(config.services.smtp).toEqual({ host: 'mail.acme.example', port: 25, tls: { enabled: true } });
  });

  it('lets a profiles/ file add a profile, and says which parameters it set', () => {
    const config = loadConfig(
      tree({
        'global/base_config.yaml': BASE,
        'profiles/school.yaml': 'metadata: { version: "1.0" }\nname: school\nextends: advocacy_group\nparameters: { escalation_granularity: broad }\n',
        'organizations/acme/organization.yaml': ORG.replace('profile: hospital', 'profile: school'),
      }),
    );
    expect(config.organizations[0].parameters).toMatchObject({ escalation_granularity: 'broad', transparency: 'department' });
    expect(config.organizations[0].parameterSources).toMatchObject({
      escalation_granularity: 'profiles/school.yaml',
      transparency: 'profile: advocacy_group',
      reactivity: 'organization override',
    });
  });

  it.each([
    ['missing metadata.version', { 'organizations/acme/organization.yaml': ORG.replace('metadata: { version: "1.0" }\n', '') }, 'organizations/acme/organization.yaml', 'metadata'],
    ['unknown key', { 'organizations/acme/organization.yaml': ORG.replace('type: company', 'kind: company') }, 'organizations/acme/organization.yaml', 'organization.kind'],
    ['bad time zone', { 'organizations/acme/organization.yaml': ORG.replace('Europe/Paris', 'Mars/Olympus') }, 'organizations/acme/organization.yaml', 'organization.timezone'],
    ['unknown profile', { 'organizations/acme/organization.yaml': ORG.replace('profile: hospital', 'profile: hospice') }, 'organizations/acme/organization.yaml', 'organization.profile'],
    ['bad parameter', { 'organizations/acme/organization.yaml': ORG.replace('high: 2h', 'high: soon') }, 'organizations/acme/organization.yaml', 'organization.parameters.reactivity.high'],
    ['unknown parameter', { 'organizations/acme/organization.yaml': ORG.replace('parameters: {', 'parameters: { speed: fast,') }, 'organizations/acme/organization.yaml', 'organization.parameters.speed'],
    ['unknown reports_to', { 'organizations/acme/organization.yaml': ORG.replace('title: Tech,', 'title: Tech, reports_to: "101.Nowhere",') }, 'organizations/acme/organization.yaml', 'positions[2].reports_to'],
    ['cycle', { 'organizations/acme/organization.yaml': ORG.replace('title: Head,', 'title: Head, reports_to: "1001.Ops.Repairs",').replace('title: Tech,', 'title: Tech, reports_to: "11.Ops",') }, 'organizations/acme/organization.yaml', 'positions[1].reports_to'],
    ['unknown triage', { 'organizations/acme/organization.yaml': ORG.replace('type: company,', 'type: company, triage: "101.Desk",') }, 'organizations/acme/organization.yaml', 'organization.triage'],
    ['bad email', { 'organizations/acme/organization.yaml': ORG.replace('tech@acme.example', 'tech-at-acme') }, 'organizations/acme/organization.yaml', 'positions[2].holders[0]'],
    ['bad position id', { 'organizations/acme/organization.yaml': ORG.replace('"1001.Ops.Repairs"', '"1000.Ops.Repairs"') }, 'organizations/acme/organization.yaml', 'positions[2].id'],
    ['role without a position', { 'organizations/acme/organization.yaml': ORG.replace('{ id: Ops.Repairs, addresses', '{ id: Ops.Cleaning, addresses') }, 'organizations/acme/organization.yaml', 'roles[0].entry'],
    ['address claimed twice', { 'organizations/acme/organization.yaml': ORG.replace('addresses: [repairs@acme.example] }', 'addresses: [repairs@acme.example] }\n  - { id: Ops, addresses: [repairs@acme.example] }') }, 'organizations/acme/organization.yaml', 'roles[1].addresses[0]'],
    ['slug not the folder', { 'organizations/acme/organization.yaml': ORG.replace('slug: acme', 'slug: acme-works') }, 'organizations/acme/organization.yaml', 'organization.slug'],
    ['YAML syntax error', { 'organizations/acme/organization.yaml': ORG.replace('positions:', 'positions: [') }, 'organizations/acme/organization.yaml', 'line'],
    ['bad base time zone', { 'global/base_config.yaml': BASE.replace('UTC', 'Nowhere/Town') }, 'global/base_config.yaml', 'timezone'],
    ['bad log level', { 'global/base_config.yaml': BASE.replace('info', 'loud') }, 'global/base_config.yaml', 'log_level'],
  ])('%s → an issue naming file and key', (_name, files, file, key) => {
    const issues = issuesOf({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': ORG, ...files });
    const issue = issues.find((i) => i.file === file && i.path.startsWith(key));
    expect(issue).toBeDefined();
    expect(issue?.expected.length).toBeGreaterThan(3);
    expect(issue?.found.length).toBeGreaterThan(0);
  });

  // The directory's own checks (SPEC §3): each issue names the file, the key, what was expected,
  // what was found and what to do.
  const DIRECTORY_CASES: [string, string, string, RegExp, RegExp][] = [
    ['unknown position in reports_to', ORG.replace('title: Tech,', 'title: Tech, reports_to: "101.Nowhere",'), 'positions[2].reports_to', /'101\.Nowhere'/, /add a position '101\.Nowhere'/],
    ['reports_to itself', ORG.replace('title: Tech,', 'title: Tech, reports_to: "1001.Ops.Repairs",'), 'positions[2].reports_to', /1001\.Ops\.Repairs/, /cannot report to itself/],
    ['a reports_to cycle', ORG.replace('title: Head,', 'title: Head, reports_to: "1001.Ops.Repairs",').replace('title: Tech,', 'title: Tech, reports_to: "11.Ops",'), 'positions[1].reports_to', /cycle 11\.Ops → 1001\.Ops\.Repairs → 11\.Ops/, /report to a higher one/],
    ['level 0', ORG.replace('id: "1",', 'id: "0",'), 'positions[0].id', /'0'/, /<level>\.<Role\.Path>/],
    ['level 12345', ORG.replace('"1001.Ops.Repairs"', '"12345.Ops.Repairs"'), 'positions[2].id', /12345/, /<level>/],
    ['broadcast level 10', ORG.replace('id: "1",', 'id: "10",'), 'positions[0].id', /'10'/, /<level>/],
    ['broadcast level 100', ORG.replace('"11.Ops"', '"100.Ops"'), 'positions[1].id', /100\.Ops/, /<level>/],
    ['broadcast level 10000', ORG.replace('"1001.Ops.Repairs"', '"10000.Ops.Repairs"'), 'positions[2].id', /10000/, /<level>/],
    ['entry of another role', ORG.replace('addresses: [repairs@acme.example] }', 'addresses: [repairs@acme.example], entry: "11.Ops" }'), 'roles[0].entry', /'11\.Ops'/, /belongs to role Ops/],
    ['entry that is no position', ORG.replace('addresses: [repairs@acme.example] }', 'addresses: [repairs@acme.example], entry: "101.Ops.Repairs" }'), 'roles[0].entry', /101\.Ops\.Repairs/, /add a position/],
    ['triage that does not exist', ORG.replace('type: company,', 'type: company, triage: "101.Desk",'), 'organization.triage', /'101\.Desk'/, /add a position '101\.Desk'/],
    ['an address claimed by two roles', ORG.replace('addresses: [repairs@acme.example] }', 'addresses: [repairs@acme.example] }\n  - { id: Ops, addresses: [Repairs@acme.example] }'), 'roles[1].addresses[0]', /repairs@acme\.example/, /role Ops\.Repairs of acme.*remove it/],
  ];
  it.each(DIRECTORY_CASES)('directory: %s → file, key, expected, found and what to do', (_name, text, key, found, hint) => {
    const issues = issuesOf({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': text });
    expect(issues).toContainEqual(
      expect.objectContaining({ file: 'organizations/acme/organization.yaml', path: key, expected: expect.any(String), found: expect.stringMatching(found), hint: expect.stringMatching(hint) }),
    );
  });

  it('accepts an entry that is a position of its role', () => {
    const text = ORG.replace('addresses: [repairs@acme.example] }', 'addresses: [repairs@acme.example], entry: "1001.Ops.Repairs" }');
    expect(issuesOf({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': text })).toEqual([]);
  });

  it("validates a person's quiet hours (HH:MM-HH:MM, may cross midnight)", () => {
    const withQuiet = (value: string) => ORG.replace('- { email: ceo@acme.example, name: Ceo }', `- { email: ceo@acme.example, name: Ceo, notify: { quiet_hours: ${value} } }`);
    const config = loadConfig(tree({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': withQuiet('"22:00-07:00"') }));
    expect(config.organizations[0].people[0].notify).toEqual({ channels: ['email'], digest: 'immediate', quietHours: '22:00-07:00' });
    expect(issuesOf({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': withQuiet('"10pm-7am"') })).toEqual([
      expect.objectContaining({
        file: 'organizations/acme/organization.yaml',
        path: 'people[0].notify.quiet_hours',
        expected: expect.stringContaining("such as '22:00-07:00'"),
        found: "'10pm-7am'",
      }),
    ]);
  });

  it('reports an address claimed by two organizations', () => {
    const issues = issuesOf({
      'global/base_config.yaml': BASE,
      'organizations/acme/organization.yaml': ORG,
      'organizations/beta/organization.yaml': ORG.replace('slug: acme', 'slug: beta'),
    });
    expect(issues.find((i) => i.path === 'roles[0].addresses[0]')).toMatchObject({ file: 'organizations/beta/organization.yaml', hint: expect.stringContaining('acme') });
  });

  it('refuses placeholders left in a production configuration', () => {
    const files = { 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': ORG, 'services/smtp/smtp.yaml': 'metadata: { version: "1.0" }\npassword: "<SMTP_PASSWORD>"\n' };
    expect(issuesOf(files)).toEqual([]);
    expect(issuesOf(files, { ORGO_ENV: 'production' })).toEqual([expect.objectContaining({ path: 'services.smtp.password', found: 'the placeholder <SMTP_PASSWORD>' })]);
  });

  it('says which folder is missing', () => {
    expect(() => loadConfig('/nonexistent/orgo-config')).toThrow(/--config DIR/);
  });

  it('requires at least one organization', () => {
    expect(issuesOf({ 'global/base_config.yaml': BASE })).toEqual([expect.objectContaining({ file: 'organizations/' })]);
  });
});

describe('intake.web_form', () => {
  const withWebForm = (webForm: string) => ({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': `${ORG}intake:\n  web_form: ${webForm}\n` });

  it('opens the form of the roles named, anonymous where it says, with the default limits', () => {
    const acme = loadConfig(tree(withWebForm('{ roles: [Ops.Repairs], anonymous: [Ops.Repairs], allowed_types: [.PDF, png] }'))).organizations[0];
    expect(acme.intake?.webForm).toEqual({ roles: ['Ops.Repairs'], addresses: { 'Ops.Repairs': 'repairs@acme.example' }, anonymousRoles: ['Ops.Repairs'], maxAttachmentBytes: 5 * 1024 ** 2, maxTotalBytes: 7 * 1024 ** 2, allowedTypes: ['pdf', 'png'] });
    expect(loadConfig(tree(withWebForm('true'))).organizations[0].intake?.webForm).toMatchObject({ roles: ['Ops.Repairs'], anonymousRoles: [], allowedTypes: null });
    expect(loadConfig(tree(withWebForm('{ roles: [Repairs@Acme.example], anonymous: true }'))).organizations[0].intake?.webForm).toMatchObject({
      roles: ['Ops.Repairs'],
      addresses: { 'Ops.Repairs': 'repairs@acme.example' },
      anonymousRoles: ['Ops.Repairs'],
    });
    expect(loadConfig(tree({ 'global/base_config.yaml': BASE, 'organizations/acme/organization.yaml': ORG })).organizations[0].intake?.webForm).toBeUndefined();
  });

  it('names the file and key of a role that does not exist, an anonymous role without a form, and limits that do not fit', () => {
    const issues = issuesOf(withWebForm('{ roles: [Ops.Nope], anonymous: [HR.Policy], max_attachment_bytes: 2 MB, max_total_bytes: 1 MB, colour: red }'));
    expect(issues.map((i) => [i.file, i.path])).toEqual(
      expect.arrayContaining([
        ['organizations/acme/organization.yaml', 'intake.web_form.colour'],
        ['organizations/acme/organization.yaml', 'intake.web_form.roles[0]'],
        ['organizations/acme/organization.yaml', 'intake.web_form.anonymous[0]'],
        ['organizations/acme/organization.yaml', 'intake.web_form.max_total_bytes'],
      ]),
    );
    expect(issues.find((i) => i.path === 'intake.web_form.roles[0]')?.expected).toBe('one of the roles Ops.Repairs');
  });
});
