import fs from 'node:fs';
import path from 'node:path';

import { loadConfig, readRuleFiles } from '@orgo/config';
import { ValidationError, type ValidationIssue } from '@orgo/domain';
import { tempDir } from '@orgo/testing';

import { type RuleFilesState, ruleSetSource } from './organization-sources';

const EXAMPLE = path.resolve(__dirname, '../../../config');

/** The example configuration in a folder this spec may edit, and the rule files as read now. */
function editable() {
  const dir = tempDir('orgo-rule-source-');
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const config = loadConfig(dir);
  const organizations = config.organizations.map((o) => o.slug);
  let state: RuleFilesState = { files: config.ruleFiles, problems: [] };
  const reread = () => {
    const problems: ValidationIssue[] = [];
    state = { files: readRuleFiles(dir, organizations, problems), problems };
  };
  return { dir, config, source: ruleSetSource(config, () => state), reread };
}

describe('ruleSetSource over rule files read again', () => {
  it('builds from the files as last read, and hashes what changed', () => {
    const { dir, source, reread } = editable();
    const before = JSON.stringify(source.content('northside'));
    const file = path.join(dir, 'organizations', 'northside', 'rules', fs.readdirSync(path.join(dir, 'organizations', 'northside', 'rules'))[0]);
    fs.appendFileSync(file, `  - name: flood-first\n    condition: "subject contains 'flood'"\n    action: { type: maintenance, priority: critical }\n`);
    expect(JSON.stringify(source.content('northside'))).toBe(before);
    reread();
    expect(JSON.stringify(source.content('northside'))).not.toBe(before);
    expect(source.build('northside').emailRules.map((r) => r.name)).toContain('flood-first');
  });

  it('treats a rule file that is not YAML as invalid rules of its organization, not as a missing file', () => {
    const { dir, source, reread } = editable();
    const rules = path.join(dir, 'organizations', 'northside', 'rules');
    const name = fs.readdirSync(rules)[0];
    fs.writeFileSync(path.join(rules, name), 'rules:\n  - name: [unclosed\n');
    reread();
    const refused = (() => {
      try {
        source.build('northside');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({
      code: 'RULES.INVALID',
      issues: [{ file: `organizations/northside/rules/${name}`, path: expect.stringMatching(/^line \d+, column \d+$/), expected: 'valid YAML', found: expect.stringContaining('syntax error') }],
    });
    expect(source.content('northside')).toMatchObject({ unreadable: [expect.objectContaining({ expected: 'valid YAML' })] });
  });
});
