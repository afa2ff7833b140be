import path from 'node:path';

import type { Command } from 'commander';

import { checkConfiguration } from '../standalone/check-configuration';
import { failWith } from './fail';

/** Prints an error with every problem it lists (as JSON with `--json`) and exits 1. */
export function failWithProblems(error: Error, json?: boolean): never {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: error.message, issues: (error as { issues?: unknown[] }).issues ?? [] })}\n`);
    process.exit(1);
  }
  failWith(error.message, 1);
}

/**
 * `orgo config check` and `orgo rules check`: validate everything; non-zero exit with every problem.
 * Returns the two command groups (`orgo rules test` joins the rules group).
 */
export function registerChecks(program: Command, env: Record<string, string | undefined>): Record<'config' | 'rules', Command> {
  const groups = {} as Record<'config' | 'rules', Command>;
  for (const [name, what] of [
    ['config', 'the whole configuration folder, rules included'],
    ['rules', 'every rule file (and the configuration they need)'],
  ] as const) {
    groups[name] = program.command(name).description(`${name} check: validate ${what}`);
    groups[name]
      .command('check')
      .option('--config <dir>', 'configuration folder', 'config')
      .option('--json', 'print the result as JSON')
      .action((opts: { config: string; json?: boolean }) => {
        const dir = path.resolve(opts.config);
        try {
          const config = checkConfiguration(dir, env);
          const summary = { ok: true, organizations: config.organizations.map((o) => o.slug), rule_files: config.ruleFiles.length };
          process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${dir} is valid: ${summary.organizations.length} organization(s), ${summary.rule_files} rule file(s).\n`);
        } catch (error) {
          failWithProblems(error as Error, opts.json);
        }
      });
  }
  return groups;
}
