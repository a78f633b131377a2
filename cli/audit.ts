// `taskforce audit`: the audit trail (GET /audit) for auditors and supervisors, newest first, by
// user, agency, case and time, a page at a time. Reading the trail is itself recorded in it.
import { type Command, Option } from 'commander';
import type { AuditRecord } from '../audit/trail.ts';
import { Agency } from '../events/envelope.ts';
import { ApiClient, type ApiOptions, withApiOptions } from './api-client.ts';
import { cell, type JsonOption, printJson, printPage, utc, withJsonOption } from './output.ts';

interface AuditOptions extends ApiOptions, JsonOption {
  user?: string;
  agency?: Agency;
  case?: string;
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
}

export function registerAuditCommand(program: Command): void {
  withJsonOption(withApiOptions(program.command('audit').description('the audit trail, newest first (auditors, supervisors)')))
    .option('--user <userId>', 'only entries of this user')
    .addOption(new Option('--agency <agency>', "only entries of this agency's callers").choices(Agency.options))
    .option('--case <caseId>', 'only entries about this case')
    .option('--from <instant>', 'only entries recorded at or after this instant, e.g. 2026-01-01T00:00:00Z')
    .option('--to <instant>', 'only entries recorded before this instant')
    .option('--limit <n>', 'entries per page (1 to 500; default 100)')
    .option('--cursor <cursor>', 'the next-page cursor a previous page printed (keep the same filters)')
    .action(async (options: AuditOptions) => {
      const { user, agency, from, to, limit, cursor } = options;
      const page = await new ApiClient(options).get<{ entries: AuditRecord[]; nextCursor: string | null }>('/audit', {
        user,
        agency,
        case: options.case,
        from,
        to,
        limit,
        cursor,
      });
      if (options.json) return printJson(page);
      printPage(
        ['RECORDED (UTC)', 'USER', 'AGENCY', 'ROLE', 'ACTION', 'CASE', 'OUTCOME', 'STATUS'],
        page.entries.map((e) => [
          utc(e.recordedAt),
          cell(e.userId),
          cell(e.agency),
          cell(e.role),
          e.action,
          cell(e.caseId),
          e.outcome,
          String(e.status),
        ]),
        'no entries match',
        page.nextCursor,
      );
    });
}
