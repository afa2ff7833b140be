import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { loadConfig } from './load-config';

const EXAMPLE = path.resolve(__dirname, '../../../config');
const BASE = 'metadata: { version: "1.0" }\ntimezone: UTC\nlog_level: info\n';
const RULES =
  'metadata: { version: "1.0" }\nrules:\n  - { name: x-any, condition: "subject contains \'x\'", action: { type: x } }\n';
const org = (domains: string) => `metadata: { version: "1.0" }
organization: { slug: acme, name: Acme, type: company${domains} }
positions:
  - { id: "1", title: CEO, holders: [ceo@acme.example] }
roles: []
`;

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-domains-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function files(domains: string): Record<string, string> {
  return {
    'global/base_config.yaml': BASE,
    'domains/maintenance/rules/maintenance_rules.yaml': RULES,
    'domains/it/rules/it_rules.yaml': RULES,
    'organizations/acme/organization.yaml': org(domains),
  };
}

function issuesOf(domains: string): ValidationIssue[] {
  try {
    loadConfig(tree(files(domains)), { env: {} });
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe('organization.domains (domain modules an organization switches on)', () => {
  it('is absent by default (every domain applies) and keeps the listed names otherwise', () => {
    expect(loadConfig(tree(files('')), { env: {} }).organizations[0].domains).toBeUndefined();
    expect(loadConfig(tree(files(', domains: [it]')), { env: {} }).organizations[0].domains).toEqual(['it']);
  });

  it('rejects an unknown domain with the file, the key path, what was found and the domains that exist', () => {
    expect(issuesOf(', domains: [it, plumbing]')).toEqual([
      expect.objectContaining({
        file: 'organizations/acme/organization.yaml',
        path: 'organization.domains[1]',
        found: expect.stringContaining('plumbing'),
        expected: expect.stringMatching(/it, maintenance|maintenance, it/),
      }),
    ]);
  });

  it('rejects a value that is not a list', () => {
    expect(issuesOf(', domains: maintenance')).toEqual([
      expect.objectContaining({
        file: 'organizations/acme/organization.yaml',
        path: 'organization.domains',
        expected: expect.stringContaining('a list'),
      }),
    ]);
  });

  it('the example organization switches the shipped modules on', () => {
    const config = loadConfig(EXAMPLE, { env: {} });
    expect(config.organizations.find((o) => o.slug === 'northside')?.domains).toEqual([
      'maintenance',
      'it',
      'hr',
      'education',
    ]);
    expect(config.ruleFiles.filter((f) => f.layer === 'domain').map((f) => f.scope)).toEqual([
      'education',
      'hr',
      'it',
      'maintenance',
    ]);
  });
});
