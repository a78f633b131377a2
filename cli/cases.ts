// `taskforce case …`: operators open cases, give them commands, read their state, and list and
// count them, through the HTTP API with their bearer token (see cli/api-client.ts), so the CLI
// is held to exactly the same access rules as any other client. Bodies come inline, from a file or
// from standard input (cli/body.ts).
import { Argument, type Command, Option } from 'commander';
import { Agency } from '../events/envelope.ts';
import { CaseKind } from '../workflows/kinds.ts';
import { ApiClient, type ApiOptions, withApiOptions } from './api-client.ts';
import { type BodyOptions, readBody, withBodyOption } from './body.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { cell, type JsonOption, printJson, printPage, withJsonOption } from './output.ts';

interface CaseSummary {
  caseId: string;
  kind: string | null;
  status: string | null;
  leadAgency: string | null;
  nextDeadline: string | null;
  running: boolean;
  startedAt: string | null;
}

interface FilterOptions extends ApiOptions, JsonOption {
  kind?: string;
  status?: string;
  leadAgency?: string;
  operationId?: string;
  flightId?: string;
  deadlineWithinDays?: string;
  open?: boolean;
}

function withFilterOptions(command: Command): Command {
  return withJsonOption(withApiOptions(command))
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
  if (options.open && options.closed) throw new CliError('--open and --closed exclude each other', EXIT.badInput);
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

const CASE_COLUMNS = ['CASE', 'KIND', 'STATUS', 'LEAD', 'NEXT DEADLINE', 'RUNNING'];

function caseRow(c: CaseSummary): string[] {
  return [c.caseId, cell(c.kind), cell(c.status), cell(c.leadAgency), cell(c.nextDeadline), cell(c.running)];
}

export function registerCaseCommands(program: Command): void {
  const cases = program.command('case').description('open, command, read, list and count cases through the API');

  const open = cases
    .command('open')
    .description("open a case: <kind> and the opening command's fields (the token names the actor); prints its id")
    .addArgument(new Argument('<kind>', 'case kind').choices(CaseKind.options));
  withBodyOption(withJsonOption(withApiOptions(open)), 'the opening command\'s fields, e.g. \'{"caseId":"victim-2024-0001",…}\'');
  open.action(async (kind: string, options: ApiOptions & BodyOptions & JsonOption) => {
    const body = await readBody(options);
    const opened = await new ApiClient(options).post<{ caseId: string }>(`/cases/${encodeURIComponent(kind)}`, body);
    if (options.json) printJson(opened);
    else console.log(opened.caseId);
  });

  const command = cases
    .command('command')
    .description('give a case one command; prints the events it recorded (as JSON)')
    .argument('<caseId>')
    .argument('<command>', 'e.g. recordLocation, approveExtradition …');
  withBodyOption(withJsonOption(withApiOptions(command)), "the command's fields", '{}');
  command.action(async (caseId: string, name: string, options: ApiOptions & BodyOptions) => {
    const body = await readBody(options);
    printJson(await new ApiClient(options).post(`/cases/${encodeURIComponent(caseId)}/commands/${encodeURIComponent(name)}`, body));
  });

  const state = cases.command('state').description("a case's live state (as JSON)").argument('<caseId>');
  withJsonOption(withApiOptions(state)).action(async (caseId: string, options: ApiOptions) => {
    printJson(await new ApiClient(options).get(`/cases/${encodeURIComponent(caseId)}/state`));
  });

  withFilterOptions(cases.command('list').description('cases matching the filters, newest first'))
    .option('--page-size <n>', 'cases per page', '50')
    .option('--cursor <cursor>', 'the next-page cursor a previous list printed')
    .action(async (options: FilterOptions & { closed?: boolean; pageSize: string; cursor?: string }) => {
      const page = await new ApiClient(options).get<{ cases: CaseSummary[]; nextCursor: string | null }>('/cases', {
        ...filterQuery(options),
        pageSize: options.pageSize,
        cursor: options.cursor,
      });
      if (options.json) printJson(page);
      else printPage(CASE_COLUMNS, page.cases.map(caseRow), 'no cases match', page.nextCursor);
    });

  withFilterOptions(cases.command('count').description('how many cases match the filters')).action(
    async (options: FilterOptions & { closed?: boolean }) => {
      const counted = await new ApiClient(options).get<{ count: number }>('/cases/count', filterQuery(options));
      if (options.json) printJson(counted);
      else console.log(counted.count);
    },
  );
}
