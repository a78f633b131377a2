#!/usr/bin/env node
// The `taskforce` command: one entry point for operators, supervisors and developers. It exits
// with a code per class of outcome (cli/exit-codes.ts), printed at the end of `taskforce --help`.
import { Command } from 'commander';
import { API_VERSION } from '../api/version.ts';
import { registerAuditCommand } from './audit.ts';
import { registerCaseCommands } from './cases.ts';
import { registerErasureCommand } from './erasure.ts';
import { EXIT, exitCodeOf, exitCodesHelp } from './exit-codes.ts';
import { registerHistoryCommand } from './history.ts';
import { registerLoginCommand } from './login.ts';
import { registerMigrateCommand } from './migrate.ts';
import { registerOidcCommands } from './oidc.ts';
import { registerProjectionCommands } from './projections.ts';
import { registerReadCommands } from './read.ts';
import { registerSecretsCommands } from './secrets.ts';
import { registerStackCommands } from './stack.ts';
import { registerStartCommand } from './start.ts';
import { registerTokenCommands } from './token.ts';

const program = new Command('taskforce')
  .description('Taskforce case backend')
  .version(API_VERSION, '-V, --version', 'print the version')
  .showHelpAfterError()
  .addHelpText('after', exitCodesHelp())
  // Commander has printed its message (or the help, or the version) by now; only the code is ours.
  // Subcommands inherit this, so every usage error exits 2.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.badInput));
registerStackCommands(program);
registerStartCommand(program);
registerMigrateCommand(program);
registerSecretsCommands(program);
registerProjectionCommands(program);
registerLoginCommand(program);
registerTokenCommands(program);
registerOidcCommands(program);
registerCaseCommands(program);
registerHistoryCommand(program);
registerReadCommands(program);
registerAuditCommand(program);
registerErasureCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`taskforce: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(exitCodeOf(error));
});
