// The CharterFlight kind as the registry lists it: a chartered extradition or deportation flight, from plan to handover.
import { defineCaseKind } from '../case-kit/case-kind.ts';
import { flightAccess } from './access.ts';
import { flightCommandSchemas, PlanFlight } from './commands.ts';
import { FLIGHT_TERMINAL, flightTransitions } from './decider.ts';
import { flightEvents } from './events.ts';
import { flightReadSide } from './read-side.ts';

export const flightKind = defineCaseKind({
  kind: 'flight',
  workflowType: 'CharterFlightWorkflow',
  events: flightEvents,
  open: { name: 'planFlight', schema: PlanFlight, inputField: 'plan' },
  commands: flightCommandSchemas,
  lifecycle: { title: 'CharterFlight', initial: 'NEW', terminal: FLIGHT_TERMINAL, transitions: flightTransitions },
  access: flightAccess,
  readSide: flightReadSide,
});
