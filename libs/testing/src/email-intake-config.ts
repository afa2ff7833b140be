import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import yaml from 'js-yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');


/**
 * A copy of the riverside test configuration with `services/email/email.yaml` and
 * `security/email.yaml` written from the given settings (as a person would write them).
 */
export function riversideWithEmail(email: { imap?: unknown; smtp?: unknown }, secrets: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-email-config-'));
  fs.cpSync(path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'services', 'email'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'services', 'email', 'email.yaml'), yaml.dump({ metadata: { version: '1.0' }, ...email }));
  fs.mkdirSync(path.join(dir, 'security'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'security', 'email.yaml'), yaml.dump({ metadata: { version: '1.0' }, email: { secrets } }), { mode: 0o600 });
  return dir;
}
