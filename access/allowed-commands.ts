// The commands a caller may give a case now, for clients that offer only what would be accepted:
// those of its kind whose transition (the decider's table, checkTransition) runs from the case's
// status, and that the policy lets this caller give (the case.command operation, and the command's
// own agencies and roles). A command listed here can still be refused by a rule that looks beyond
// the status (a full manifest, a hold that has ended): the 409 names that rule.
import { CASE_KIND_SPECS, type CaseKind } from '../workflows/kinds.ts';
import type { Caller } from './caller.ts';
import { mayCommand } from './command-permissions.ts';
import { mayUse } from './policy.ts';

export function allowedCommands(caller: Caller, kind: CaseKind, status: string): string[] {
  if (!mayUse(caller, 'case.command', kind).allowed) return [];
  const { commands, lifecycle } = CASE_KIND_SPECS[kind];
  return Object.keys(commands).filter(
    (command) => lifecycle.transitions[command]?.from.includes(status) && mayCommand(caller, kind, command).allowed,
  );
}
