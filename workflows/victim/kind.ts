// The VictimCase kind as the registry lists it: the person reported held or missing, from the first report to repatriation and closure.
import { defineCaseKind } from '../case-kit/case-kind.ts';
import { victimAccess } from './access.ts';
import { ReportVictim, victimCommandSchemas } from './commands.ts';
import { VICTIM_TERMINAL, victimTransitions } from './decider.ts';
import { victimEvents } from './events.ts';
import { victimReadSide } from './read-side.ts';

export const victimKind = defineCaseKind({
  kind: 'victim',
  workflowType: 'VictimCaseWorkflow',
  events: victimEvents,
  open: { name: 'reportVictim', schema: ReportVictim, inputField: 'report' },
  commands: victimCommandSchemas,
  lifecycle: { title: 'VictimCase', initial: 'NEW', terminal: VICTIM_TERMINAL, transitions: victimTransitions },
  access: victimAccess,
  readSide: victimReadSide,
});
