#!/usr/bin/env node
// The `taskforce` command: one entry point for operators, supervisors and developers.
import { Command } from 'commander';
import { registerCaseCommands } from './cases.ts';
import { registerErasureCommand } from './erasure.ts';
import { registerHistoryCommand } from './history.ts';
import { registerLoginCommand } from './login.ts';
import { registerMigrateCommand } from './migrate.ts';
import { registerOidcCommands } from './oidc.ts';
import { registerProjectionCommands } from './projections.ts';
import { registerSecretsCommands } from './secrets.ts';
import { registerStackCommands } from './stack.ts';
import { registerStartCommand } from './start.ts';
import { registerTokenCommands } from './token.ts';

const program = new Command('taskforce').description('Taskforce case backend').showHelpAfterError();
registerStackCommands(program);
registerStartCommand(program);
registerMigrateCommand(program);
registerSecretsCommands(program);
registerProjectionCommands(program);
registerLoginCommand(program);
registerTokenCommands(program);
registerOidcCommands(program);
registerErasureCommand(program);
registerCaseCommands(program);
registerHistoryCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`taskforce: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
