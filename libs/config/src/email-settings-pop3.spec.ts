import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { checkEmailSettings } from './email-settings-schema';
import { POP3_DECISION } from './email-settings-pop3';
import { loadConfig } from './load-config';

const ORGANIZATION = `metadata: { version: "1.0" }
organization: { slug: acme, name: acme, type: company, timezone: UTC, profile: hospital }
positions:
  - { id: "1", title: Head, holders: [head@acme.example] }
  - { id: "101.Front.Desk", title: Desk, holders: [desk@acme.example] }
roles:
  - { id: Front.Desk, addresses: [desk@acme.example] }
`;

function loadIssues(email: string, env: Record<string, string> = {}): ValidationIssue[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-pop3-config-'));
  const files = {
    'global/base_config.yaml': 'metadata: { version: "1.0" }\ntimezone: UTC\nlog_level: info\n',
    'organizations/acme/organization.yaml': ORGANIZATION,
    'services/email/email.yaml': email,
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  try {
    loadConfig(dir, { env });
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

const refusal = (issues: ValidationIssue[]) =>
  issues.find((i) => i.path === 'pop3' && i.expected.includes(POP3_DECISION));

describe('email settings: pop3 is refused (docs/adr/0014-pop3.md)', () => {
  const context = (issues: ValidationIssue[]) => ({
    files: {
      imap: 'services/email/email.yaml',
      smtp: 'services/email/email.yaml',
      pop3: 'services/email/pop3.yaml',
    },
    organizations: [],
    security: {},
    env: {},
    issues,
  });

  it('names the file, the decision and both ways to read such a mailbox instead', () => {
    const issues: ValidationIssue[] = [];
    const settings = checkEmailSettings(
      { pop3: { enabled: true, mailboxes: [{ address: 'desk@acme.example', host: 'pop.acme.example' }] } },
      context(issues),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'services/email/pop3.yaml',
      path: 'pop3',
      expected: `no pop3 key: Orgo has no POP3 intake (${POP3_DECISION})`,
    });
    expect(issues[0].hint).toContain('imap.mailboxes');
    expect(issues[0].hint).toContain('fetchmail');
    expect(issues[0].hint).toContain('<home>/inbox/<role address>/');
    // Nothing of it reaches the settings: the other intakes are as if the key were not there.
    expect(settings.imap.mailboxes).toEqual([]);
  });

  it('says nothing when there is no pop3 key', () => {
    const issues: ValidationIssue[] = [];
    checkEmailSettings({ imap: { enabled: false } }, context(issues));
    expect(issues).toEqual([]);
  });

  it('stops the configuration from loading, from a file or from the environment', () => {
    const fromFile = refusal(loadIssues('metadata: { version: "1.0" }\npop3:\n  enabled: true\n'));
    expect(fromFile).toBeDefined();
    expect(fromFile!.hint).toContain('fetchmail');
    const fromEnv = refusal(
      loadIssues('metadata: { version: "1.0" }\nimap: { enabled: false }\n', {
        ORGO_EMAIL__POP3__ENABLED: 'true',
      }),
    );
    expect(fromEnv).toBeDefined();
  });

  it('is one problem, in the file that has the key, not also an unknown key', () => {
    const issues = loadIssues('metadata: { version: "1.0" }\npop3:\n  enabled: true\n');
    expect(issues.filter((i) => i.path === 'pop3')).toEqual([
      expect.objectContaining({
        file: 'services/email/email.yaml',
        expected: `no pop3 key: Orgo has no POP3 intake (${POP3_DECISION})`,
      }),
    ]);
  });
});
