// What commands print: for people, aligned columns; with --json, the answer as JSON on stdout and
// nothing else there (messages go to stderr), so `taskforce … --json | jq` always parses.
import type { Command } from 'commander';

export interface JsonOption {
  json?: boolean;
}

/** Adds --json to a command that prints something. */
export function withJsonOption(command: Command): Command {
  return command.option('--json', 'print the answer as JSON on stdout (messages go to stderr)');
}

/** Straight to stdout, not through console.log, which `messagesToStderr` may have turned aside. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * With --json, for a command whose work prints for people as it goes (the stack's progress, the
 * downloads): from now on those lines go to stderr, so stdout holds the answer alone.
 */
export function messagesToStderr(): void {
  console.log = console.error;
  console.info = console.error;
}

/** Rows as aligned columns under a header; the last column is not padded. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  return all
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A value in a table cell: "-" when there is none. */
export function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}

/** An instant the API gave (ISO 8601, UTC) as a table shows it: "2026-11-25 14:06:35"; "-" when none. */
export function utc(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '') : '-';
}

/** A page of a listing for people: the table (or `none` when empty), then how to ask for the next page. */
export function printPage(header: readonly string[], rows: readonly (readonly string[])[], none: string, nextCursor: string | null): void {
  console.log(rows.length > 0 ? renderTable(header, rows) : none);
  if (nextCursor) console.log(`\nmore: --cursor ${nextCursor}`);
}
