// `taskforce read …`: the read models the projector keeps (GET /read/…), for supervisors and
// analysts at a terminal: lists as aligned columns a page at a time (--limit, --cursor), one case,
// operation, manifest or dossier as JSON. The filters are the routes' query fields, same names in
// kebab case; the API checks them (a bad value is its 400, exit 2).
import { type Command, Option } from 'commander';
import { type CaseDetail, type CaseListEntry, CaseSort } from '../api/read-models/cases.ts';
import type { DeadlineAtRisk } from '../api/read-models/deadlines.ts';
import { type EstimateList, EstimateListQuery } from '../api/read-models/estimates.ts';
import type { FlightManifest, FlightSummary } from '../api/read-models/flights.ts';
import { Order } from '../api/read-models/keyset.ts';
import type { OperationSummary } from '../api/read-models/operations.ts';
import { type CampaignStatistics, StatisticMetric } from '../api/read-models/statistics.ts';
import { Agency } from '../events/envelope.ts';
import { CaseKind } from '../workflows/kinds.ts';
import { ApiClient, type ApiOptions, type Query, withApiOptions } from './api-client.ts';
import { cell, type JsonOption, printJson, printPage, renderTable, utc, withJsonOption } from './output.ts';

type Options = ApiOptions & JsonOption & Record<string, string | boolean | undefined>;

/** The query fields named in `names`, from the options of the same (camelCase) names. */
function pick(options: Options, names: readonly string[]): Query {
  return Object.fromEntries(names.map((name) => [name, options[name]]));
}

function withPageOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'rows per page (the API allows 1 to 100; default 50)')
    .option('--cursor <cursor>', 'the next-page cursor a previous page printed (keep the same filters)');
}

const agencyOption = (description: string) => new Option('--lead-agency <agency>', description).choices(Agency.options);
const kindOption = () =>
  new Option('--kind <kind>', 'case kind (an agency that does not see every kind names one)').choices(CaseKind.options);

function readCommand(read: Command, name: string, description: string): Command {
  return withJsonOption(withApiOptions(read.command(name).description(description)));
}

export function registerReadCommands(program: Command): void {
  const read = program
    .command('read')
    .description('the read models (eventually consistent, fast): cases, deadlines, operations, flights, dossiers, statistics, estimates');

  withPageOptions(readCommand(read, 'cases', 'cases by kind, status, lead agency, operation, flight or deadline, sorted'))
    .addOption(kindOption())
    .option('--status <status>', 'e.g. RESCUED')
    .addOption(agencyOption('lead agency'))
    .option('--operation-id <id>', 'cases found in (or being) this joint operation')
    .option('--flight-id <id>', 'cases manifested on (or being) this charter flight')
    .option('--open', 'open cases only')
    .addOption(new Option('--closed', 'closed cases only').conflicts('open'))
    .option('--deadline-before <instant>', 'only cases whose next deadline falls before this instant, e.g. 2026-12-01T00:00:00Z')
    .addOption(new Option('--sort <key>', 'sort key (default last_event_at)').choices(CaseSort.options))
    .addOption(new Option('--order <order>', 'default desc').choices(Order.options))
    .action(async (options: Options) => {
      const page = await new ApiClient(options).get<{ cases: CaseListEntry[]; nextCursor: string | null }>('/read/cases', {
        ...pick(options, ['kind', 'status', 'leadAgency', 'operationId', 'flightId', 'deadlineBefore', 'sort', 'order', 'limit', 'cursor']),
        open: options.open ? true : options.closed ? false : undefined,
      });
      if (options.json) return printJson(page);
      printPage(
        ['CASE', 'KIND', 'STATUS', 'OPEN', 'LEAD', 'COUNTRY', 'NEXT DEADLINE', 'LAST EVENT (UTC)'],
        page.cases.map((c) => [
          c.caseId,
          c.kind,
          c.status,
          cell(c.open),
          cell(c.leadAgency),
          cell(c.hostCountry),
          c.nextDeadline ? `${c.nextDeadline.kind} ${utc(c.nextDeadline.dueAt)}` : '-',
          utc(c.lastEventAt),
        ]),
        'no cases match',
        page.nextCursor,
      );
    });

  readCommand(read, 'case', 'one case: its list entry, when each event type first happened, its folded state (as JSON)')
    .argument('<caseId>')
    .action(async (caseId: string, options: Options) => {
      printJson(await new ApiClient(options).get<CaseDetail>(`/read/cases/${encodeURIComponent(caseId)}`));
    });

  withPageOptions(readCommand(read, 'deadlines', 'clocks due within N days on open cases, overdue ones included, soonest first'))
    .option('--within-days <days>', 'due within this many days from now (default 1)')
    .addOption(kindOption())
    .addOption(agencyOption('lead agency'))
    .option('--escalated', 'only clocks the case already escalated')
    .option('--no-escalated', 'only clocks the case has not escalated')
    .action(async (options: Options) => {
      const page = await new ApiClient(options).get<{ deadlines: DeadlineAtRisk[]; nextCursor: string | null }>(
        '/read/deadlines',
        pick(options, ['withinDays', 'kind', 'leadAgency', 'escalated', 'limit', 'cursor']),
      );
      if (options.json) return printJson(page);
      printPage(
        ['CASE', 'KIND', 'DEADLINE', 'DUE (UTC)', 'OVERDUE', 'ESCALATED', 'LEAD'],
        page.deadlines.map((d) => [d.caseId, d.kind, d.deadline, utc(d.dueAt), cell(d.overdue), cell(d.escalated), cell(d.leadAgency)]),
        'no deadline falls due in that time',
        page.nextCursor,
      );
    });

  const plannedFilters = (command: Command) =>
    withPageOptions(command)
      .option('--status <status>', 'e.g. CONCLUDED')
      .addOption(agencyOption('lead agency'))
      .option('--host-country <code>', 'two letters, e.g. KH')
      .addOption(new Option('--order <order>', 'by when it was planned (default desc)').choices(Order.options));
  const plannedQuery = (options: Options) => pick(options, ['status', 'leadAgency', 'hostCountry', 'order', 'limit', 'cursor']);

  plannedFilters(readCommand(read, 'operations', 'joint operations with their raid counts, latest planned first')).action(
    async (options: Options) => {
      const page = await new ApiClient(options).get<{ operations: OperationSummary[]; nextCursor: string | null }>(
        '/read/operations',
        plannedQuery(options),
      );
      if (options.json) return printJson(page);
      printPage(
        ['OPERATION', 'CODE NAME', 'STATUS', 'LEAD', 'COUNTRY', 'RAIDED', 'DETAINED', 'RESCUED', 'PLANNED (UTC)'],
        page.operations.map((o) => [
          o.operationId,
          cell(o.codeName),
          o.status,
          cell(o.leadAgency),
          cell(o.hostCountry),
          String(o.targetsRaided),
          String(o.suspectsDetained),
          String(o.victimsRescued),
          utc(o.plannedAt),
        ]),
        'no operations match',
        page.nextCursor,
      );
    },
  );

  readCommand(read, 'operation', 'one joint operation and what its raids achieved (as JSON)')
    .argument('<operationId>')
    .action(async (operationId: string, options: Options) => {
      printJson(await new ApiClient(options).get<OperationSummary>(`/read/operations/${encodeURIComponent(operationId)}`));
    });

  plannedFilters(readCommand(read, 'flights', 'charter flights with route, capacity and seats taken, latest planned first')).action(
    async (options: Options) => {
      const page = await new ApiClient(options).get<{ flights: FlightSummary[]; nextCursor: string | null }>(
        '/read/flights',
        plannedQuery(options),
      );
      if (options.json) return printJson(page);
      printPage(
        ['FLIGHT', 'NUMBER', 'ROUTE', 'STATUS', 'LEAD', 'SEATS', 'PLANNED (UTC)'],
        page.flights.map((f) => [
          f.flightId,
          cell(f.flightNumber),
          `${f.origin ?? '?'}→${f.destination ?? '?'}`,
          f.status,
          cell(f.leadAgency),
          `${f.manifested}/${f.capacity}`,
          utc(f.plannedAt),
        ]),
        'no flights match',
        page.nextCursor,
      );
    },
  );

  readCommand(read, 'manifest', 'a charter flight and every case that held a seat on it, released seats included')
    .argument('<flightId>')
    .action(async (flightId: string, options: Options) => {
      const manifest = await new ApiClient(options).get<FlightManifest>(`/read/flights/${encodeURIComponent(flightId)}/manifest`);
      if (options.json) return printJson(manifest);
      const { flight } = manifest;
      console.log(`${flight.flightId} ${cell(flight.flightNumber)} ${flight.origin ?? '?'}→${flight.destination ?? '?'}: ${flight.status}`);
      console.log(`${flight.manifested} of ${flight.capacity} seats taken\n`);
      const rows = manifest.entries.map((e) => [e.caseId, cell(e.seat), e.status, cell(e.releasedCause)]);
      console.log(rows.length > 0 ? renderTable(['CASE', 'SEAT', 'STATUS', 'RELEASED BECAUSE'], rows) : 'no seats you may see');
      if (manifest.withheldEntries > 0) console.log(`\n${manifest.withheldEntries} more seats of cases you may not see`);
    });

  readCommand(read, 'dossier', "the personal data on a victim's or suspect's case, redacted by your need to know (as JSON)")
    .argument('<caseId>')
    .action(async (caseId: string, options: Options) => {
      printJson(await new ApiClient(options).get(`/read/dossiers/${encodeURIComponent(caseId)}`));
    });

  readCommand(read, 'statistics', 'campaign counts, each saying whose count it is')
    .addOption(new Option('--metric <metric>', 'one figure only').choices(StatisticMetric.options))
    .option('--host-country <code>', 'two letters, e.g. KH')
    .action(async (options: Options) => {
      const statistics = await new ApiClient(options).get<CampaignStatistics>('/read/statistics', pick(options, ['metric', 'hostCountry']));
      if (options.json) return printJson(statistics);
      printPage(
        ['METRIC', 'COUNTRY', 'BUCKET', 'VALUE', 'SOURCE', 'COUNTED BY'],
        statistics.counters.map((c) => [c.metric, cell(c.hostCountry), cell(c.bucket), String(c.value), c.sourceAgency, c.countedBy]),
        'nothing counted yet',
        null,
      );
      console.log(`\n${statistics.note}`);
    });

  readCommand(read, 'estimates', 'recorded estimates, each with its source, date and method: never counts')
    .addOption(new Option('--measure <measure>', 'what is estimated').choices(EstimateListQuery.shape.measure.unwrap().options))
    .option('--host-country <code>', 'two letters, e.g. KH')
    .action(async (options: Options) => {
      const list = await new ApiClient(options).get<EstimateList>('/read/estimates', pick(options, ['measure', 'hostCountry']));
      if (options.json) return printJson(list);
      printPage(
        ['MEASURE', 'FIGURE', 'AS OF', 'SOURCE', 'METHOD', 'OPERATION'],
        list.estimates.map((e) => [e.measure, String(e.figure), e.asOf, e.sourceAgency, e.method, e.operationId]),
        'no estimate recorded yet',
        null,
      );
      console.log(`\n${list.note}`);
    });
}
