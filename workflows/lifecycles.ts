// Every case kind's lifecycle, for the generated state diagrams.
import type { CaseLifecycle } from './case-kit/state-diagram.ts';
import { FLIGHT_TERMINAL, flightTransitions } from './flight/decider.ts';
import { OPERATION_TERMINAL, operationTransitions } from './operation/decider.ts';
import { SUSPECT_TERMINAL, suspectTransitions } from './suspect/decider.ts';
import { VICTIM_TERMINAL, victimTransitions } from './victim/decider.ts';

export const LIFECYCLES: CaseLifecycle[] = [
  { title: 'VictimCase', initial: 'NEW', terminal: VICTIM_TERMINAL, transitions: victimTransitions },
  { title: 'SuspectCase', initial: 'NEW', terminal: SUSPECT_TERMINAL, transitions: suspectTransitions },
  { title: 'JointOperation', initial: 'NEW', terminal: OPERATION_TERMINAL, transitions: operationTransitions },
  { title: 'CharterFlight', initial: 'NEW', terminal: FLIGHT_TERMINAL, transitions: flightTransitions },
];
