import path from 'node:path';

import type { Command } from 'commander';

import { checkConfiguration } from '../standalone/check-configuration';
import { failWith } from './fail';

/** `orgo config check` and `orgo rules check`: validate everything; non-zero exit with every problem. */
export function registerChecks(program: Command, env: Record<string, string | undefined>): void {
  for (const [name, what] of [
    ['config', 'the whole configuration folder, rules included'],
    ['rules', 'every rule file (and the configuration they need)'],
  ] as const) {
    program
      .command(name)
      .description(`${name} check: validate ${what}`)
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
          const issues = (error as { issues?: unknown[] }).issues;
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ ok: false, message: (error as Error).message, issues: issues ?? [] })}\n`);
            process.exit(1);
          }
          failWith((error as Error).message, 1);
        }
      });
  }
}
