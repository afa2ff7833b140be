import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { loadConfig } from './load-config';

const BASE = 'metadata: { version: "1.0" }\ntimezone: UTC\nlog_level: info\n';
const org = (slug: string, address: string) => `metadata: { version: "1.0" }
organization: { slug: ${slug}, name: ${slug}, type: company, timezone: UTC, profile: hospital }
positions:
  - { id: "1", title: Head, holders: [head@${slug}.example] }
  - { id: "101.Front.Desk", title: Desk, holders: [desk@${slug}.example] }
roles:
  - { id: Front.Desk, addresses: [${address}] }
`;

function load(email: string, extra: Record<string, string> = {}, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-email-config-'));
  const files = {
    'global/base_config.yaml': BASE,
    'organizations/acme/organization.yaml': org('acme', 'desk@acme.example'),
    'organizations/beta/organization.yaml': org('beta', 'help@beta.example'),
    'services/email/email.yaml': email,
    ...extra,
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return loadConfig(dir, { env });
}

function issues(email: string, extra: Record<string, string> = {}, env: Record<string, string> = {}): ValidationIssue[] {
  try {
    load(email, extra, env);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

const MAILBOXES = `metadata: { version: "1.0" }
imap:
  enabled: true
  reconnect: { initial_delay: 500ms, max_delay: 30s }
  mailboxes:
    - { address: Desk@acme.example, host: imap.acme.example, auth: { user: desk, secret: desk_imap } }
    - address: help@beta.example
      host: imap.beta.example
      port: 143
      tls: starttls
      auth: { user: help@beta.example, method: xoauth2, secret: help_token }
      processed: { action: flag, flag: "$OrgoProcessed" }
      poll_interval: 30 seconds
      idle: false
smtp: { enabled: true, port: 2526, size_limit: 10 MB }
`;

describe('services/email/*.yaml', () => {
  it('is off, with defaults, when there is no file', () => {
    const config = load('metadata: { version: "1.0" }\n');
    expect(config.email.imap).toEqual({ enabled: false, reconnect: { initialDelayMs: 1000, maxDelayMs: 300_000 }, mailboxes: [] });
    expect(config.email.smtp).toMatchObject({ enabled: false, port: 2525, sizeLimit: 25 * 1024 * 1024, starttls: null });
  });

  it('reads many mailboxes of many organizations, deriving each organization from its role address', () => {
    const config = load(MAILBOXES, { 'security/email.yaml': 'metadata: { version: "1.0" }\nemail: { secrets: { desk_imap: pw } }\n' }, { ORGO_EMAIL_SECRET_HELP_TOKEN: 'token' });
    expect(config.email.imap.reconnect).toEqual({ initialDelayMs: 500, maxDelayMs: 30_000 });
    expect(config.email.imap.mailboxes).toEqual([
      {
        address: 'desk@acme.example',
        organization: 'acme',
        host: 'imap.acme.example',
        port: 993,
        tls: 'implicit',
        tlsCaFile: null,
        auth: { user: 'desk', method: 'password', secret: 'desk_imap' },
        folder: 'INBOX',
        processed: { action: 'move', folder: 'Processed' },
        pollIntervalMs: 60_000,
        idle: true,
      },
      expect.objectContaining({ address: 'help@beta.example', organization: 'beta', port: 143, tls: 'starttls', auth: { user: 'help@beta.example', method: 'xoauth2', secret: 'help_token' }, processed: { action: 'flag', flag: '$OrgoProcessed' }, pollIntervalMs: 30_000, idle: false }),
    ]);
    expect(config.email.smtp).toMatchObject({ enabled: true, port: 2526, sizeLimit: 10 * 1024 * 1024, acceptedAddresses: ['desk@acme.example', 'help@beta.example'] });
    // Secrets are checked, never copied into the settings.
    expect(JSON.stringify(config.email)).not.toContain('pw');
  });

  it('names the file, the key and where the missing secret goes', () => {
    const found = issues(MAILBOXES);
    expect(found).toEqual([
      expect.objectContaining({ file: 'services/email/email.yaml', path: 'imap.mailboxes[0].auth.secret', found: "'none set'", hint: expect.stringContaining('ORGO_EMAIL_SECRET_DESK_IMAP') }),
      expect.objectContaining({ file: 'services/email/email.yaml', path: 'imap.mailboxes[1].auth.secret', hint: expect.stringContaining('email.secrets.help_token') }),
    ]);
  });

  it("refuses to read a role address's mail for an organization that does not own it", () => {
    const email = `metadata: { version: "1.0" }
imap:
  enabled: true
  mailboxes:
    - { address: desk@acme.example, organization: beta, host: imap.acme.example, auth: { user: desk, secret: desk_imap } }
`;
    const found = issues(email, {}, { ORGO_EMAIL_SECRET_DESK_IMAP: 'x' });
    expect(found).toEqual([
      expect.objectContaining({ file: 'services/email/email.yaml', path: 'imap.mailboxes[0].organization', found: "'beta'", expected: expect.stringContaining("'acme'") }),
    ]);
  });

  it('reports every wrong key with its path', () => {
    const found = issues(`metadata: { version: "1.0" }
imap:
  enabled: yes please
  mailboxes:
    - address: not-an-address
      host: imap.acme.example
      port: 99999
      tls: ssl
      auth: { user: desk, secret: Desk-Imap }
      processed: { action: archive }
      poll_interval: soon
      colour: blue
smtp: { size_limit: huge, starttls: { cert_file: /x.crt } }
extra: 1
`);
    expect(found.map((i) => `${i.file} ${i.path}`).sort()).toEqual(
      [
        'imap.enabled',
        'imap.mailboxes[0].address',
        'imap.mailboxes[0].auth.secret',
        'imap.mailboxes[0].colour',
        'imap.mailboxes[0].poll_interval',
        'imap.mailboxes[0].port',
        'imap.mailboxes[0].processed.action',
        'imap.mailboxes[0].tls',
        'smtp.size_limit',
        'smtp.starttls.key_file',
        'extra',
      ]
        .map((p) => `services/email/email.yaml ${p}`)
        .sort(),
    );
  });

  it('takes environment overrides (ORGO_EMAIL__SMTP__ENABLED)', () => {
    const config = load('metadata: { version: "1.0" }\nsmtp: { enabled: false }\n', {}, { ORGO_EMAIL__SMTP__ENABLED: 'true', ORGO_EMAIL__SMTP__PORT: '2600' });
    expect(config.email.smtp).toMatchObject({ enabled: true, port: 2600 });
  });

  it('keeps the shipped example off, so the standalone shape starts offline', () => {
    const config = loadConfig(path.resolve(__dirname, '../../../config'));
    expect(config.email.imap.enabled).toBe(false);
    expect(config.email.smtp.enabled).toBe(false);
    expect(config.email.imap.mailboxes.length).toBeGreaterThan(0);
  });
});
