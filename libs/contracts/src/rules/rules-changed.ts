/** One problem of a refused rule file, as `orgo rules check` shows it (file, rule, key path, expected, found). */
export interface RuleProblemV1 {
  file?: string;
  rule?: string;
  path: string;
  expected: string;
  found: string;
  hint?: string;
}

/**
 * rule-engine → console, audit: a replica saw an organization's rule files change while running and
 * now routes by them (every replica follows within seconds). Version 1.
 */
export interface RulesReloadedV1 {
  organization: string;
  /** Content hash of the rule files now in use (the shared cache's key). */
  hash: string;
  /** Hash of the compiled rule set now in use, as routing decisions record it. */
  ruleSetHash: string;
  /** Content hash of the rule files used before. */
  previousHash: string | null;
  /** True when this change fixed files that had been refused. */
  cleared: boolean;
}

/**
 * rule-engine → console, audit: an organization's rule files changed but are invalid; the last good
 * rules keep routing until the files are fixed. Sent once per distinct invalid content. Version 1.
 */
export interface RulesRejectedV1 {
  organization: string;
  /** Content hash of the refused rule files. */
  hash: string;
  /** Content hash of the rule files still in use. */
  inUse: string | null;
  problems: RuleProblemV1[];
}
