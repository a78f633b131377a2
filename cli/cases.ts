// `taskforce case …`: operators open cases, give them commands, read their state, and list and
// count them, through the HTTP API with their bearer token (see cli/api-client.ts), so the CLI
// is held to exactly the same access rules as any other client.
import { Argument, type Command, Option } from 'commander';
import { Agency } from '../events/envelope.ts';
import { CaseKind } from '../workflows/kinds.ts';
import { ApiClient, type ApiOptions, parseData, withApiOptions } from './api-client.ts';

interface CaseSummary {
  caseId: string;
  kind: string | null;
  status: string | null;
  leadAgency: string | null;
  nextDeadline: string | null;
  running: boolean;
  startedAt: string | null;
}

interface FilterOptions extends ApiOptions {
  kind?: string;
  status?: string;
  leadAgency?: string;
  operationId?: string;
  flightId?: string;
  deadlineWithinDays?: string;
  open?: boolean;
}

function withFilterOptions(command: Command): Command {
  return withApiOptions(command)
    .addOption(new Option('--kind <kind>', 'case kind').choices(CaseKind.options))
    .option('--status <status>', 'case status, e.g. RESCUED')
    .addOption(new Option('--lead-agency <agency>', 'lead agency').choices(Agency.options))
    .option('--operation-id <id>', 'cases of this joint operation')
    .option('--flight-id <id>', 'cases on this charter flight')
    .option('--deadline-within-days <days>', 'only cases with a deadline due within this many days (overdue included)')
    .option('--open', 'running cases only')
    .option('--closed', 'finished cases only');
}

function filterQuery(options: FilterOptions & { closed?: boolean }) {
  if (options.open && options.closed) throw new Error('--open and --closed exclude each other');
  return {
    kind: options.kind,
    status: options.status,
    leadAgency: options.leadAgency,
    operationId: options.operationId,
    flightId: options.flightId,
    deadlineWithinDays: options.deadlineWithinDays,
    open: options.open ? true : options.closed ? false : undefined,
  };
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/** The cases as aligned columns, one case a line. */
export function renderCaseTable(cases: readonly CaseSummary[]): string {
  const rows = [
    ['CASE', 'KIND', 'STATUS', 'LEAD', 'NEXT DEADLINE', 'RUNNING'],
    ...cases.map((c) => [c.caseId, c.kind ?? '-', c.status ?? '-', c.leadAgency ?? '-', c.nextDeadline ?? '-', c.running ? 'yes' : 'no']),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function registerCaseCommands(program: Command): void {
  const cases = program.command('case').description('open, command, read, list and count cases through the API');

  withApiOptions(
    cases
      .command('open')
      .description("open a case: <kind> and the opening command's fields as JSON (the token names the actor)")
      .addArgument(new Argument('<kind>', 'case kind').choices(CaseKind.options))
      .requiredOption('--data <json>', 'the opening command\'s fields, e.g. \'{"caseId":"victim-2024-0001",…}\''),
  ).action(async (kind: string, options: ApiOptions & { data: string }) => {
    const opened = await new ApiClient(options).post<{ caseId: string }>(`/cases/${encodeURIComponent(kind)}`, parseData(options.data));
    console.log(opened.caseId);
  });

  withApiOptions(
    cases
      .command('command')
      .description('give a case one command; prints the events it recorded')
      .argument('<caseId>')
      .argument('<command>', 'e.g. recordLocation, approveExtradition …')
      .option('--data <json>', "the command's fields as JSON", '{}'),
  ).action(async (caseId: string, name: string, options: ApiOptions & { data: string }) => {
    const path = `/cases/${encodeURIComponent(caseId)}/commands/${encodeURIComponent(name)}`;
    print(await new ApiClient(options).post(path, parseData(options.data)));
  });

  withApiOptions(cases.command('state').description("a case's live state as JSON").argument('<caseId>')).action(
    async (caseId: string, options: ApiOptions) => {
      print(await new ApiClient(options).get(`/cases/${encodeURIComponent(caseId)}/state`));
    },
  );

  withFilterOptions(cases.command('list').description('cases matching the filters, newest first'))
    .option('--page-size <n>', 'cases per page', '50')
    .option('--cursor <cursor>', 'the next-page cursor a previous list printed')
    .option('--json', 'print the API answer as JSON')
    .action(async (options: FilterOptions & { closed?: boolean; pageSize: string; cursor?: string; json?: boolean }) => {
      const page = await new ApiClient(options).get<{ cases: CaseSummary[]; nextCursor: string | null }>('/cases', {
        ...filterQuery(options),
        pageSize: options.pageSize,
        cursor: options.cursor,
      });
      if (options.json) return print(page);
      console.log(page.cases.length > 0 ? renderCaseTable(page.cases) : 'no cases match');
      if (page.nextCursor) console.log(`\nmore: --cursor ${page.nextCursor}`);
    });

  withFilterOptions(cases.command('count').description('how many cases match the filters')).action(
    async (options: FilterOptions & { closed?: boolean }) => {
      console.log((await new ApiClient(options).get<{ count: number }>('/cases/count', filterQuery(options))).count);
    },
  );
}
