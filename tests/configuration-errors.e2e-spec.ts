import fs from 'node:fs';
import path from 'node:path';

import { ROOT, runOrgo, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = tempDir('orgo-badconfig-');
  fs.cpSync(CONFIG, dir, { recursive: true });
  const full = path.join(dir, file);
  fs.writeFileSync(full, edit(fs.readFileSync(full, 'utf8')));
  return dir;
}

async function startFails(configDir: string): Promise<string> {
  const run = runOrgo(['start', '--config', configDir, '--home', tempDir('orgo-badhome-'), '--port', '0']);
  const code = await run.exited;
  expect(code).toBe(1);
  return run.output();
}

/** A bad configuration or rule file stops the start with a message naming file, key and problem. */
describe('orgo start refuses a bad configuration', () => {
  it('names the organization file, the key and the problem', async () => {
    const dir = brokenCopy('organizations/riverside/organization.yaml', (t) =>
      t.replace('- { id: "101.Front.Desk", title: Front desk lead', '- { id: "101.Front.Desk", reports_to: "11.Nowhere", title: Front desk lead'),
    );
    const out = await startFails(dir);
    expect(out).toContain('organizations/riverside/organization.yaml');
    expect(out).toMatch(/positions\[4\]\.reports_to/);
    expect(out).toContain('11.Nowhere');
    expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it('names the rule file, the rule, the key path and what was expected', async () => {
    const dir = brokenCopy('organizations/riverside/rules/riverside_rules.yaml', (t) => t.replace('priority: high', 'priority: urgent'));
    const out = await startFails(dir);
    expect(out).toContain('organizations/riverside/rules/riverside_rules.yaml');
    expect(out).toContain('broken-heating');
    expect(out).toMatch(/rules\[0\]\.action\.priority/);
    expect(out).toMatch(/urgent/);
  });

  it('reports a rule condition that does not compile', async () => {
    const dir = brokenCopy('organizations/riverside/rules/riverside_rules.yaml', (t) => t.replace(`"subject contains 'door'"`, `"subject contains ('door'"`));
    const out = await startFails(dir);
    expect(out).toContain('slow-repair');
    expect(out).toMatch(/condition/);
  });

  it('orgo config check exits non-zero with the same problems and zero on a good folder', async () => {
    const bad = brokenCopy('organizations/riverside/organization.yaml', (t) => t.replace('timezone: America/Toronto', 'timezone: Mars/Olympus'));
    const failing = runOrgo(['config', 'check', '--config', bad]);
    expect(await failing.exited).toBe(1);
    expect(failing.output()).toMatch(/organization\.timezone/);
    const passing = runOrgo(['config', 'check', '--config', CONFIG]);
    expect(await passing.exited).toBe(0);
    expect(passing.output()).toMatch(/is valid: 1 organization/);
  });
});
