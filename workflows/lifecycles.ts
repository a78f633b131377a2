// Every case kind's lifecycle, for the generated state diagrams.
import type { CaseLifecycle } from './case-kit/state-diagram.ts';
import { VICTIM_TERMINAL, victimTransitions } from './victim/decider.ts';

export const LIFECYCLES: CaseLifecycle[] = [
  { title: 'VictimCase', initial: 'NEW', terminal: VICTIM_TERMINAL, transitions: victimTransitions },
];
