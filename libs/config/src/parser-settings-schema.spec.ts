import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { type OrgoConfig, loadConfig } from './load-config';
import { DEFAULT_PARSER_SETTINGS, PARSER_SETTING_KEYS, parserSettingsFrom } from './parser-settings-schema';

const ORG = (intake = '') => `metadata: { version: "1.0" }
organization: { slug: acme, name: Acme Works }
positions:
  - { id: "1", title: CEO, holders: [ceo@acme.example] }
  - { id: "1001.Ops", title: Tech, holders: [tech@acme.example] }
roles:
  - { id: Ops, addresses: [ops@acme.example] }
${intake}`;

function load(files: { parser?: string; intake?: string }, env: Record<string, string> = {}): { config?: OrgoConfig; issues: ValidationIssue[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-parser-config-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('global/base_config.yaml', 'metadata: { version: "1.0" }\ntimezone: UTC\nlog_level: info\n');
  write('organizations/acme/organization.yaml', ORG(files.intake));
  if (files.parser !== undefined) write('services/parser/parser.yaml', `metadata: { version: "1.0" }\n${files.parser}`);
  try {
    return { config: loadConfig(dir, { env }), issues: [] };
  } catch (error) {
    if (error instanceof ValidationError) return { issues: error.issues };
    throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('parser settings (services/parser/*.yaml)', () => {
  it('defaults to a 10 MB message, the usual office and image types, a 10 s parse timeout and 30 messages an hour per sender', () => {
    const { config } = load({});
    expect(parserSettingsFrom(config?.services ?? {})).toEqual(DEFAULT_PARSER_SETTINGS);
    expect(DEFAULT_PARSER_SETTINGS).toMatchObject({
      maxMessageBytes: 10 * 1024 * 1024,
      allowedAttachmentTypes: ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'txt', 'csv'],
      rateLimit: { messages: 30, windowMs: 3_600_000 },
    });
  });

  it('ships config/services/parser/parser.yaml stating exactly the defaults', () => {
    const shipped = loadConfig(path.resolve(__dirname, '../../../config'));
    expect(parserSettingsFrom(shipped.services)).toEqual(DEFAULT_PARSER_SETTINGS);
    expect(Object.keys(shipped.services.parser ?? {}).sort()).toEqual([...PARSER_SETTING_KEYS].sort());
  });

  it('reads sizes, durations, types and the rate limit, from the file and from the environment', () => {
    const { config } = load(
      { parser: 'max_message_bytes: 20 MB\nallowed_attachment_types: [PDF, ics]\nmax_attachment_bytes: 512 KB\nparse_timeout: 30s\nrate_limit: { messages: 5, window: 10m }\n' },
      { ORGO_PARSER__ALLOWED_ATTACHMENT_TYPES: 'pdf,png', ORGO_PARSER__RATE_LIMIT__MESSAGES: '0' },
    );
    expect(parserSettingsFrom(config?.services ?? {})).toMatchObject({
      maxMessageBytes: 20 * 1024 * 1024,
      allowedAttachmentTypes: ['pdf', 'png'],
      maxAttachmentBytes: 512 * 1024,
      parseTimeoutMs: 30_000,
      rateLimit: { messages: 0, windowMs: 600_000 },
    });
  });

  it('names the file and the key of every wrong value', () => {
    const { issues } = load({ parser: 'max_message_bytes: lots\nallowed_attachment_types: [pdf, .exe]\nparse_timeout: soon\nrate_limit: { window: 1h }\nmax_mesage_bytes: 1\n' });
    expect(issues.map((i) => [i.file, i.path])).toEqual(
      expect.arrayContaining([
        [expect.stringContaining('services/parser/'), 'max_mesage_bytes'],
        [expect.stringContaining('services/parser/'), 'max_message_bytes'],
        [expect.stringContaining('services/parser/'), 'allowed_attachment_types[1]'],
        [expect.stringContaining('services/parser/'), 'parse_timeout'],
        [expect.stringContaining('services/parser/'), 'rate_limit.messages'],
      ]),
    );
    expect(issues.find((i) => i.path === 'max_message_bytes')?.expected).toMatch(/'10 MB'/);
  });
});

describe('organization intake (organization.yaml intake.block)', () => {
  it('reads blocked addresses and @domains, lower-cased; none by default', () => {
    expect(load({}).config?.organizations[0].intake).toEqual({ block: [] });
    const { config } = load({ intake: 'intake:\n  block: [Spam@Example.com, "@Junk.example"]\n' });
    expect(config?.organizations[0].intake).toEqual({ block: ['spam@example.com', '@junk.example'] });
  });

  it('names each entry that is neither an address nor an @domain, and unknown keys', () => {
    const { issues } = load({ intake: 'intake:\n  block: [junk.example, "@", 42]\n  allow: []\n' });
    expect(issues.map((i) => [i.file, i.path])).toEqual([
      ['organizations/acme/organization.yaml', 'intake.allow'],
      ['organizations/acme/organization.yaml', 'intake.block[0]'],
      ['organizations/acme/organization.yaml', 'intake.block[1]'],
      ['organizations/acme/organization.yaml', 'intake.block[2]'],
    ]);
  });
});
