import fs from 'node:fs';
import path from 'node:path';

import { type ValidationIssue } from '@orgo/domain';
import yaml from 'js-yaml';

/**
 * Reads and parses one YAML file. A syntax error becomes an issue naming the file and the line;
 * the caller goes on with the other files so every problem is reported at once.
 */
export function readYamlFile(dir: string, relative: string, issues: ValidationIssue[]): unknown {
  const full = path.join(dir, relative);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (error) {
    issues.push({ file: relative, path: '', expected: 'a readable file', found: (error as Error).message });
    return undefined;
  }
  try {
    return yaml.load(text, { filename: relative, schema: yaml.DEFAULT_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    issues.push({
      file: relative,
      path: mark ? `line ${mark.line + 1}, column ${mark.column + 1}` : '',
      expected: 'valid YAML',
      found: `a syntax error: ${reason}`,
    });
    return undefined;
  }
}

/** The YAML files of a folder, in name order (`.yaml` and `.yml`). */
export function yamlFilesIn(dir: string, relativeFolder: string): string[] {
  const full = path.join(dir, relativeFolder);
  if (!fs.existsSync(full) || !fs.statSync(full).isDirectory()) return [];
  return fs
    .readdirSync(full)
    .filter((f) => /\.ya?ml$/.test(f) && fs.statSync(path.join(full, f)).isFile())
    .sort()
    .map((f) => path.posix.join(relativeFolder, f));
}

/** The sub-folders of a folder, in name order (hidden ones left out); none when it does not exist. */
export function subfoldersOf(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort() : [];
}
