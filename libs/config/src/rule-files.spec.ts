import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ValidationIssue } from '@orgo/domain';

import { readRuleFiles } from './rule-files';

const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

describe('domain rule files', () => {
  const rules = 'metadata: { version: "1.0" }\nrules: []\n';

  it('marks the rule files of a domain whose domain.yaml says sensitive: true', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-domains-'));
    write(dir, 'domains/hr/domain.yaml', 'metadata: { version: "1.0" }\nsensitive: true\n');
    write(dir, 'domains/hr/rules/hr.yaml', rules);
    write(dir, 'domains/it/rules/it.yaml', rules);
    const issues: ValidationIssue[] = [];
    const files = readRuleFiles(dir, [], issues);
    expect(issues).toEqual([]);
    expect(files.map((f) => [f.file, Boolean(f.sensitive)])).toEqual([
      ['domains/hr/rules/hr.yaml', true],
      ['domains/it/rules/it.yaml', false],
    ]);
  });

  it('names the file and key of a sensitive flag that is not a boolean', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-domains-'));
    write(dir, 'domains/hr/domain.yaml', 'metadata: { version: "1.0" }\nsensitive: "yes"\n');
    write(dir, 'domains/hr/rules/hr.yaml', rules);
    const issues: ValidationIssue[] = [];
    readRuleFiles(dir, [], issues);
    expect(issues).toEqual([expect.objectContaining({ file: 'domains/hr/domain.yaml', path: 'sensitive', found: '"yes"' })]);
  });
});
