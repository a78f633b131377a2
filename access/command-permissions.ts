// Who may give each command of each case kind, as one table assembled from the kinds' access.ts
// (DOMAIN.md: detentions by host police and immigration, consular steps by MOFA, legal approvals
// and manifests by MOJ, Korean warrants through NPA, INTERPOL only notices). Being allowed to
// command a kind at all (the case.command operation) is not enough: each command names its agencies
// and roles. docs/access.md prints the table.
import type { CommandPermission } from '../workflows/case-kit/kind-access.ts';
import { CASE_KINDS, type CaseKind } from '../workflows/kinds.ts';
import type { Caller } from './caller.ts';

/** The rule a refusal names, in the 403 problem's `rule`. */
export const COMMAND_PERMISSION_RULE = 'command-permission';

/** Case kind → command (the opening one included) → who may give it. */
export const COMMAND_PERMISSIONS = Object.fromEntries(CASE_KINDS.map(({ kind, access }) => [kind, access.commands])) as Record<
  CaseKind,
  Record<string, CommandPermission>
>;

export type CommandDecision = { allowed: true } | { allowed: false; rule: typeof COMMAND_PERMISSION_RULE; reason: string };

/** May the caller give this command (a command the kind has) on a case of this kind? */
export function mayCommand(caller: Pick<Caller, 'agency' | 'role'>, kind: CaseKind, command: string): CommandDecision {
  const permission = COMMAND_PERMISSIONS[kind][command];
  if (!permission) throw new Error(`${kind} cases have no command "${command}"`);
  if (permission.agencies.includes(caller.agency) && permission.roles.includes(caller.role)) return { allowed: true };
  const who = `${permission.agencies.join(' or ')} (${permission.roles.join(', ')})`;
  return {
    allowed: false,
    rule: COMMAND_PERMISSION_RULE,
    reason: `${kind}.${command} is given by ${who}, not by a ${caller.agency} ${caller.role}: ${permission.why}`,
  };
}
