// The SuspectCase kind as the registry lists it: a suspect from identification through arrest, legal approval and return to Korea.
import { defineCaseKind } from '../case-kit/case-kind.ts';
import { suspectAccess } from './access.ts';
import { IdentifySuspect, suspectCommandSchemas } from './commands.ts';
import { SUSPECT_TERMINAL, suspectTransitions } from './decider.ts';
import { suspectEvents } from './events.ts';
import { suspectReadSide } from './read-side.ts';

export const suspectKind = defineCaseKind({
  kind: 'suspect',
  workflowType: 'SuspectCaseWorkflow',
  events: suspectEvents,
  open: { name: 'identifySuspect', schema: IdentifySuspect, inputField: 'identify' },
  commands: suspectCommandSchemas,
  lifecycle: { title: 'SuspectCase', initial: 'NEW', terminal: SUSPECT_TERMINAL, transitions: suspectTransitions },
  access: suspectAccess,
  readSide: suspectReadSide,
});
