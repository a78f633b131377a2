// A command's body, given the way curl users expect: inline JSON, `@file` for a file's contents,
// or `-` for standard input. Invalid JSON is a usage error (exit 2) that names where it came from.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { type Command, Option } from 'commander';
import { CliError, EXIT } from './exit-codes.ts';

export interface BodyOptions {
  body?: string;
  /** The former name of --body, still read so existing scripts keep working. */
  data?: string;
}

/** Adds --body (and its former name --data, hidden) to a command that sends one. */
export function withBodyOption(command: Command, description: string, fallback?: string): Command {
  return command
    .option('--body <json>', `${description}: inline JSON, @file to read a file, - to read standard input`, fallback)
    .addOption(new Option('--data <json>', 'the former name of --body').hideHelp().conflicts('body'));
}

/** Where a --body argument says the JSON is, and its text. */
async function source(argument: string): Promise<{ origin: string; json: string }> {
  if (argument === '-') {
    if (process.stdin.isTTY) console.error('taskforce: reading the body from standard input (end it with Ctrl-D)');
    return { origin: 'standard input', json: await text(process.stdin) };
  }
  if (!argument.startsWith('@')) return { origin: '--body', json: argument };
  const file = argument.slice(1);
  try {
    return { origin: file, json: await readFile(file, 'utf8') };
  } catch (error) {
    throw new CliError(`cannot read the body from ${file}: ${(error as Error).message}`, EXIT.badInput);
  }
}

/** The body the options give, as a JSON object. */
export async function readBody(options: BodyOptions): Promise<Record<string, unknown>> {
  const argument = options.data ?? options.body;
  if (argument === undefined) throw new CliError('a body is required: --body <json>, --body @file or --body -', EXIT.badInput);
  const { origin, json } = await source(argument);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new CliError(`${origin} is not valid JSON: ${(error as Error).message}`, EXIT.badInput);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${origin} must hold a JSON object, e.g. {"location":"Compound K"}`, EXIT.badInput);
  }
  return value as Record<string, unknown>;
}
