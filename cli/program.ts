// The `taskforce` command's tree: every subcommand, its options, the version and the exit codes'
// help. Built apart from cli/main.ts, which runs it, so a test can walk every command.
import { Command } from 'commander';
import { API_VERSION } from '../api/version.ts';
import { registerAuditCommand } from './audit.ts';
import { registerCaseCommands } from './cases.ts';
import { registerErasureCommand } from './erasure.ts';
import { EXIT, exitCodesHelp } from './exit-codes.ts';
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

export function buildProgram(): Command {
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
  return program;
}
