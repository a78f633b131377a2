// Commands given to cases, counted by outcome and, for a refusal, by the rule that refused it
// (taskforce_commands_total on the API's /metrics). Only commands a case kind declares are counted,
// so a caller cannot grow the series with made-up names.
import { Counter } from '../infra/metrics.ts';
import { CommandNotConfirmedError, CommandRejectedError, InvalidCommandError } from './errors.ts';

const commands = new Counter({
  name: 'taskforce_commands_total',
  help: 'Commands given to cases, by case kind, command, outcome (accepted, rejected, invalid, unconfirmed, failed) and the rule that refused a rejected one.',
  labelNames: ['kind', 'command', 'outcome', 'rule'] as const,
});

export function countCommand(kind: string, command: string, error?: unknown): void {
  if (error === undefined) commands.inc({ kind, command, outcome: 'accepted', rule: '' });
  else if (error instanceof CommandRejectedError) commands.inc({ kind, command, outcome: 'rejected', rule: error.rule ?? 'unnamed' });
  else if (error instanceof InvalidCommandError) commands.inc({ kind, command, outcome: 'invalid', rule: '' });
  else if (error instanceof CommandNotConfirmedError) commands.inc({ kind, command, outcome: 'unconfirmed', rule: '' });
  else commands.inc({ kind, command, outcome: 'failed', rule: '' });
}
