import 'reflect-metadata';

import { Command } from 'commander';

import { registerAuditVerify } from './commands/audit-verify.command';
import { registerBackup } from './commands/backup.command';
import { registerChecks } from './commands/check.command';
import { registerDistributed } from './commands/distributed.command';
import { registerDlq } from './commands/dlq.command';
import { registerReview } from './commands/review.command';
import { registerImport } from './commands/import.command';
import { registerKeys } from './commands/keys.command';
import { registerMigrate } from './commands/migrate.command';
import { registerQuarantine } from './commands/quarantine.command';
import { registerRulesTest } from './commands/rules-test.command';
import { registerStart } from './commands/start.command';

/**
 * The `orgo` command (SPEC §7). `npm run orgo -- <command>` from the repository root, or `orgo`
 * once the package is linked.
 */
async function main(argv: string[]): Promise<void> {
  const env = { ...process.env };
  const program = new Command('orgo')
    .description('Orgo turns an organization\'s email into routed, tracked and escalated work.')
    .showHelpAfterError()
    .exitOverride((err) => process.exit(err.exitCode));
  registerStart(program, env);
  const { rules } = registerChecks(program, env);
  registerRulesTest(rules, env);
  registerDistributed(program, env);
  registerDlq(program, env);
  registerReview(program, env);
  registerImport(program, env);
  registerKeys(program, env);
  registerMigrate(program, env);
  registerQuarantine(program, env);
  registerAuditVerify(program, env);
  registerBackup(program, env);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: Error) => {
  process.stderr.write(`orgo: ${error.message}\n`);
  process.exit(1);
});
