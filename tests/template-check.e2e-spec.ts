import fs from 'node:fs';
import path from 'node:path';

import { ROOT, runOrgo, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const OVERRIDE = 'organizations/riverside/templates/email/assigned.text.njk';

/** A copy of the riverside configuration with notification template overrides written into it. */
function configWithTemplates(files: Record<string, string>): string {
  const dir = tempDir('orgo-templates-');
  fs.cpSync(CONFIG, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** SPEC §6, §7: every template is rendered strictly with sample data before anything runs. */
describe('notification templates are checked with the configuration', () => {
  it('orgo config check fails on a placeholder the notification lacks, naming the file, line and placeholder', async () => {
    const dir = configWithTemplates({ [OVERRIDE]: 'A task for {{ position }}.\nSee {{ task.nonexistent }}.\n' });
    const run = runOrgo(['config', 'check', '--config', dir]);
    expect(await run.exited).toBe(1);
    const out = run.output();
    expect(out).toContain(`${OVERRIDE}: line 2`);
    expect(out).toContain('{{ task.nonexistent }}');
    expect(out).toMatch(/wrap an optional value in \{% if/);
    expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it('--json lists the problem with its file', async () => {
    const dir = configWithTemplates({ [OVERRIDE]: '{{ task.nonexistent }}' });
    const run = runOrgo(['config', 'check', '--config', dir, '--json']);
    expect(await run.exited).toBe(1);
    const result = JSON.parse(run.output().trim().split('\n').pop()!);
    expect(result).toMatchObject({ ok: false, code: 'TEMPLATES.INVALID' });
    expect(result.issues).toEqual([expect.objectContaining({ file: OVERRIDE, path: 'line 1', found: expect.stringContaining('{{ task.nonexistent }}') })]);
  });

  it('orgo start refuses to start with the broken template', async () => {
    const dir = configWithTemplates({ [OVERRIDE]: '{{ task.nonexistent }}' });
    const run = runOrgo(['start', '--config', dir, '--home', tempDir('orgo-templates-home-'), '--port', '0']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Orgo did not start');
    expect(run.output()).toContain(OVERRIDE);
  });

  it("refuses a rule's acknowledge naming a template the organization lacks, and accepts it once the template exists", async () => {
    const RULES = 'organizations/riverside/rules/riverside_rules.yaml';
    const rules = fs.readFileSync(path.join(CONFIG, RULES), 'utf8').replace('tags: [heating]', 'tags: [heating]\n      acknowledge: heating_receipt');
    const missing = configWithTemplates({ [RULES]: rules });
    const failing = runOrgo(['config', 'check', '--config', missing]);
    expect(await failing.exited).toBe(1);
    expect(failing.output()).toContain(`${RULES}: rule 'broken-heating': action.acknowledge`);
    expect(failing.output()).toContain('no email/heating_receipt.subject.njk and no email/heating_receipt.text.njk');
    const present = configWithTemplates({
      [RULES]: rules,
      'organizations/riverside/templates/email/heating_receipt.subject.njk': '[{{ task.key }}] We are on it',
      'organizations/riverside/templates/email/heating_receipt.text.njk': 'Thank you. Your heating report is {{ task.key }}.\n',
    });
    const passing = runOrgo(['config', 'check', '--config', present]);
    expect(await passing.exited).toBe(0);
  });

  it('accepts overrides that use only what the notification provides', async () => {
    const dir = configWithTemplates({
      [OVERRIDE]: '{{ recipient }}: {{ task.key }} for {{ position }}{% if task.subtype %} ({{ task.subtype }}){% endif %}.\n',
      'organizations/riverside/templates/sms/digest.text.njk': '{% for item in items %}{{ item.key }} {% endfor %}',
    });
    const run = runOrgo(['config', 'check', '--config', dir]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/is valid/);
  });
});
