import fs from 'node:fs';
import path from 'node:path';

import { organizationBySlug, parserSettingsFrom } from '@orgo/config';
import { OrganizationDirectory, OrgoError } from '@orgo/domain';
import { chooseMailbox, parseRawEmail, triageAddress } from '@orgo/mail-parsing';
import { compileRuleSet, dryRunEmail } from '@orgo/rules';
import type { Command } from 'commander';

import { checkConfiguration } from '../standalone/check-configuration';
import { failWithProblems } from './check.command';
import { formatDryRun } from './rules-test-report';

interface TestOptions {
  org: string;
  config: string;
  mailbox?: string;
  json?: boolean;
}

/**
 * `orgo rules test <eml> --org <slug>`: a dry run of the organization's effective rules on one
 * message, parsed exactly as the parser service parses it. Creates nothing, needs no running Orgo.
 */
export function registerRulesTest(rules: Command, env: Record<string, string | undefined>): void {
  rules
    .command('test <eml>')
    .description(
      'dry run: parse an .eml file and show every rule considered, what matched and the task it would become',
    )
    .requiredOption('--org <slug>', 'the organization whose rules apply')
    .option('--config <dir>', 'configuration folder', 'config')
    .option(
      '--mailbox <address>',
      'the role address it arrived on (default: the role address it was delivered or written to)',
    )
    .option('--json', 'print the result as one JSON object')
    .action(async (eml: string, opts: TestOptions) => {
      try {
        const config = checkConfiguration(path.resolve(opts.config), env);
        const model = organizationBySlug(config, opts.org);
        if (!model) {
          const known = config.organizations.map((o) => o.slug).join(', ') || 'none';
          throw new OrgoError(
            'RULES.UNKNOWN_ORGANIZATION',
            `No organization '${opts.org}' in ${config.dir} (known: ${known}). Pass one of them with --org.`,
          );
        }
        const raw = readMessage(eml);
        const mailbox = chooseMailbox(
          raw,
          model,
          opts.mailbox?.trim().toLowerCase() || null,
          triageAddress(model) ?? '',
        );
        const email = await parseRawEmail(
          raw,
          { emailId: 'dry-run', mailbox, messageId: null, receivedAt: new Date().toISOString() },
          parserSettingsFrom(config.services),
        );
        const run = dryRunEmail(
          compileRuleSet(config.ruleFiles, model.slug, model.domains),
          email,
          model,
          new OrganizationDirectory(model),
        );
        process.stdout.write(opts.json ? `${JSON.stringify(run)}\n` : formatDryRun(run));
      } catch (error) {
        failWithProblems(error as Error, opts.json);
      }
    });
}

function readMessage(file: string): Buffer {
  try {
    return fs.readFileSync(path.resolve(file));
  } catch (error) {
    throw new OrgoError(
      'EMAIL.NOT_FOUND',
      `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): give the path of an .eml file.`,
    );
  }
}
