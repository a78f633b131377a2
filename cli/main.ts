#!/usr/bin/env node
// The `taskforce` command: one entry point for operators, supervisors and developers. It exits
// with a code per class of outcome (cli/exit-codes.ts), printed at the end of `taskforce --help`.
import { exitCodeOf } from './exit-codes.ts';
import { buildProgram } from './program.ts';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`taskforce: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(exitCodeOf(error));
  });
