// `taskforce history <caseId>`: a supervisor's terminal view of GET /cases/{caseId}/history:
// one line per thing that happened, in time order, in aligned columns (time, source, what,
// who), then what the case is waiting for now. --json prints the API's answer; --temporal-json
// prints the raw Temporal history of a run (replayable, payloads still encrypted).
import type { Command } from 'commander';
import type { CaseHistory, TimelineEntry } from '../cases/history.ts';
import { ApiClient, type ApiOptions, withApiOptions } from './api-client.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

const WHAT_WIDTH = 88;

function time(iso: string): string {
  return iso.replace('T', ' ').replace('Z', '');
}

function who(entry: TimelineEntry): string {
  return entry.actor ? `${entry.actor.agency} ${entry.actor.role} ${entry.actor.userId}` : '-';
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** The history as a person reads it in a terminal. */
export function renderHistory(history: CaseHistory): string {
  const runs = history.runs;
  const latest = runs.at(-1);
  const lines = [
    `Case ${history.caseId}: ${latest?.workflowType ?? 'workflow'}, ${runs.length} run${runs.length === 1 ? '' : 's'}, ${history.waiting.workflowStatus}`,
    '',
  ];
  const rows = [
    ['TIME (UTC)', 'SOURCE', 'WHAT', 'WHO'],
    ...history.timeline.map((entry) => [time(entry.at), entry.source, clip(entry.summary, WHAT_WIDTH), who(entry)]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    lines.push(
      row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
        .join('  ')
        .trimEnd(),
    );

  const { waiting } = history;
  lines.push('', 'Waiting for now');
  lines.push(`  case status     ${waiting.caseStatus ?? '-'} (workflow ${waiting.workflowStatus})`);
  lines.push(`  next deadline   ${waiting.nextDeadline ? time(waiting.nextDeadline) : '-'}`);
  for (const timer of waiting.timers) lines.push(`  timer ${timer.timerId.padEnd(9)} fires ${time(timer.firesAt)} (${timer.length} timer)`);
  for (const activity of waiting.activities) {
    const failure = activity.lastFailure ? `; last failure: ${activity.lastFailure}` : '';
    const next = activity.nextAttemptAt ? `; next attempt ${time(activity.nextAttemptAt)}` : '';
    lines.push(`  activity        ${activity.type} ${activity.state.toLowerCase()}, attempt ${activity.attempt}${next}${failure}`);
  }
  for (const child of waiting.children) lines.push(`  child workflow  ${child.workflowType ?? ''} ${child.workflowId}`);
  if (waiting.timers.length + waiting.activities.length + waiting.children.length === 0) {
    lines.push('  nothing running: no timer, activity or child workflow');
  }
  return lines.join('\n');
}

export function registerHistoryCommand(program: Command): void {
  withJsonOption(
    withApiOptions(
      program
        .command('history')
        .description("a case's whole history: Temporal's events of every run and the domain events in one timeline (supervisors, auditors)")
        .argument('<caseId>'),
    ),
  )
    .option('--temporal-json', "print the raw Temporal history (Temporal's JSON form, replayable)")
    .option('--run-id <runId>', 'with --temporal-json: the run to export (default: the latest)')
    .action(async (caseId: string, options: ApiOptions & JsonOption & { temporalJson?: boolean; runId?: string }) => {
      const api = new ApiClient(options);
      const path = `/cases/${encodeURIComponent(caseId)}/history`;
      if (options.temporalJson) return printJson(await api.get(path, { format: 'temporal', runId: options.runId }));
      const history = await api.get<CaseHistory>(path);
      if (options.json) printJson(history);
      else console.log(renderHistory(history));
    });
}
