import fs from 'node:fs';
import path from 'node:path';

import type { ValidationIssue } from '@orgo/domain';

import { readYamlFile, subfoldersOf, yamlFilesIn } from './yaml-file';

/** One rule file as read from the configuration folder; its contents are validated by @orgo/rules. */
export interface RuleFileSource {
  /** Relative to the configuration folder, e.g. `organizations/northside/rules/main.yaml`. */
  file: string;
  layer: 'global' | 'domain' | 'organization';
  /** The domain name or the organization slug; null for the global layer. */
  scope: string | null;
  /** The parsed YAML. */
  data: unknown;
  /**
   * The file belongs to a domain that declares itself sensitive (`domains/<d>/domain.yaml`:
   * `sensitive: true`, e.g. HR harassment): every task its rules create is sensitive (SPEC §6).
   */
  sensitive?: boolean;
}

const GLOBAL_RULES = 'workflows/workflow_rules.yaml';

/**
 * Where rule files live, relative to the configuration folder (SPEC §7): `workflows/` (its
 * `workflow_rules.yaml`), `domains/<d>/rules/`, `organizations/<slug>/rules/` of the given
 * organizations. What a watcher watches.
 */
export function ruleFolders(dir: string, organizations: string[]): string[] {
  return [
    'workflows',
    ...subfoldersOf(path.join(dir, 'domains')).map((d) => `domains/${d}/rules`),
    ...organizations.map((slug) => `organizations/${slug}/rules`),
  ];
}

/**
 * Reads the rule files of the global layer, every domain and the given organizations, in that
 * order. A file that cannot be read or parsed adds an issue (and is left out); the rules inside
 * are validated by @orgo/rules.
 */
export function readRuleFiles(dir: string, organizations: string[], issues: ValidationIssue[]): RuleFileSource[] {
  const files: RuleFileSource[] = [];
  const collect = (folder: string, layer: RuleFileSource['layer'], scope: string | null, sensitive = false) => {
    for (const file of yamlFilesIn(dir, folder)) {
      const data = readYamlFile(dir, file, issues);
      if (data !== undefined) files.push({ file, layer, scope, data, ...(sensitive ? { sensitive } : {}) });
    }
  };
  if (fs.existsSync(path.join(dir, GLOBAL_RULES))) {
    const data = readYamlFile(dir, GLOBAL_RULES, issues);
    if (data !== undefined) files.push({ file: GLOBAL_RULES, layer: 'global', scope: null, data });
  }
  for (const domain of subfoldersOf(path.join(dir, 'domains'))) collect(`domains/${domain}/rules`, 'domain', domain, domainIsSensitive(dir, domain, issues));
  for (const slug of organizations) collect(`organizations/${slug}/rules`, 'organization', slug);
  return files;
}

/** The files a watcher fingerprints: every YAML file of the rule folders, relative paths. */
export function ruleFilePaths(dir: string, organizations: string[]): string[] {
  return ruleFolders(dir, organizations).flatMap((folder) => (folder === 'workflows' ? (fs.existsSync(path.join(dir, GLOBAL_RULES)) ? [GLOBAL_RULES] : []) : yamlFilesIn(dir, folder)));
}

/** `domains/<d>/domain.yaml` (optional): `sensitive: true` makes every rule of the domain create sensitive tasks. */
export function domainIsSensitive(dir: string, domain: string, issues: ValidationIssue[]): boolean {
  const file = `domains/${domain}/domain.yaml`;
  if (!fs.existsSync(path.join(dir, file))) return false;
  const data = readYamlFile(dir, file, issues) as { sensitive?: unknown } | undefined;
  if (data === undefined || data === null || data.sensitive === undefined) return false;
  if (typeof data.sensitive !== 'boolean') {
    issues.push({ file, path: 'sensitive', expected: 'true or false (true: every task of this domain is sensitive)', found: JSON.stringify(data.sensitive) });
    return false;
  }
  return data.sensitive;
}
