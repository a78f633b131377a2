// The rules of a CharterFlight: manifest capacity, the escort ratio, the order of the legs, and
// what a seat release does to the escort plan. Pure: no I/O, no clock, no randomness.
import type { Agency } from '../../events/envelope.ts';
import {
  checkTransition,
  type DecidedEvent,
  type Decider,
  DomainRuleError,
  type RecordedFact,
  type Transition,
} from '../case-kit/rules.ts';
import type { FlightCommand } from './commands.ts';
import type { FlightEvent } from './events.ts';

export const FLIGHT_STATUSES = [
  'NEW',
  'PLANNED',
  'MANIFEST_OPEN',
  'MANIFEST_LOCKED',
  'ESCORTS_ASSIGNED',
  'DEPARTED',
  'LANDED',
  'HANDOVER_COMPLETE',
  'CANCELLED',
] as const;
export type FlightStatus = (typeof FLIGHT_STATUSES)[number];
export const FLIGHT_TERMINAL: readonly FlightStatus[] = ['HANDOVER_COMPLETE', 'CANCELLED'];

/** Before departure a case may still leave the manifest and the flight may still be called off. */
const BEFORE_DEPARTURE: FlightStatus[] = ['MANIFEST_OPEN', 'MANIFEST_LOCKED', 'ESCORTS_ASSIGNED'];

export const flightTransitions: Record<FlightCommand['type'], Transition<FlightStatus>> = {
  planFlight: { from: ['NEW'], to: 'PLANNED' },
  openManifest: { from: ['PLANNED'], to: 'MANIFEST_OPEN' },
  addToManifest: { from: ['MANIFEST_OPEN'] },
  removeFromManifest: { from: BEFORE_DEPARTURE },
  releaseLostClearance: { from: BEFORE_DEPARTURE },
  recordNotBoarded: { from: ['DEPARTED', 'LANDED'] },
  lockManifest: { from: ['MANIFEST_OPEN'], to: 'MANIFEST_LOCKED' },
  assignEscorts: { from: ['MANIFEST_LOCKED', 'ESCORTS_ASSIGNED'], to: 'ESCORTS_ASSIGNED' },
  depart: { from: ['ESCORTS_ASSIGNED'], to: 'DEPARTED' },
  land: { from: ['DEPARTED'], to: 'LANDED' },
  completeHandover: { from: ['LANDED'], to: 'HANDOVER_COMPLETE' },
  cancel: { from: ['PLANNED', ...BEFORE_DEPARTURE], to: 'CANCELLED' },
};

const STATUS_AFTER: Partial<Record<FlightEvent['type'], FlightStatus>> = {
  FlightPlanned: 'PLANNED',
  ManifestOpened: 'MANIFEST_OPEN',
  ManifestLocked: 'MANIFEST_LOCKED',
  EscortsAssigned: 'ESCORTS_ASSIGNED',
  FlightDeparted: 'DEPARTED',
  FlightLanded: 'LANDED',
  HandoverCompleted: 'HANDOVER_COMPLETE',
  FlightCancelled: 'CANCELLED',
};

export interface ManifestEntry {
  caseId: string;
  seat?: string;
}

export interface FlightState {
  caseId: string;
  status: FlightStatus;
  leadAgency: Agency | null;
  hostCountry: string | null;
  statusSince: string | null;
  flightNumber: string | null;
  route: { origin: string; destination: string } | null;
  capacity: number;
  escortRatio: number;
  manifest: ManifestEntry[];
  /** Escort officers assigned; null until escorts are planned. */
  officers: number | null;
  /** The cases on board from departure on: the ones told of departure and landing. */
  onBoard: string[];
}

export function initialFlightState(caseId: string): FlightState {
  return {
    caseId,
    status: 'NEW',
    leadAgency: null,
    hostCountry: null,
    statusSince: null,
    flightNumber: null,
    route: null,
    capacity: 0,
    escortRatio: 0,
    manifest: [],
    officers: null,
    onBoard: [],
  };
}

/** Officers the escort ratio asks for `manifested` cases. */
export function officersRequired(state: FlightState, manifested = state.manifest.length): number {
  return state.escortRatio * manifested;
}

export function isManifested(state: FlightState, caseId: string): boolean {
  return state.manifest.some((entry) => entry.caseId === caseId);
}

type Command<T extends FlightCommand['type']> = Extract<FlightCommand, { type: T }>;
type Decided = DecidedEvent<FlightEvent>;

function decideAdd(command: Command<'addToManifest'>, state: FlightState): Decided[] {
  if (isManifested(state, command.caseId)) {
    throw new DomainRuleError('on-manifest-once', `${command.caseId} is already on the manifest of ${state.caseId}`);
  }
  if (state.manifest.length >= state.capacity) {
    throw new DomainRuleError(
      'manifest-capacity',
      `the manifest of ${state.caseId} is full: ${state.capacity} of ${state.capacity} seats taken`,
    );
  }
  if (command.seat && state.manifest.some((entry) => entry.seat === command.seat)) {
    throw new DomainRuleError('seat-taken', `seat ${command.seat} is already taken`);
  }
  return [{ type: 'CaseManifested', data: { flightId: state.caseId, caseId: command.caseId, seat: command.seat } }];
}

/** A seat released before departure; once escorts are planned, the plan is re-checked for the smaller manifest. */
function decideRelease(caseId: string, reason: string, cause: 'removed' | 'lost_clearance', state: FlightState): Decided[] {
  const entry = state.manifest.find((e) => e.caseId === caseId);
  if (!entry) throw new DomainRuleError('release-manifested-case', `${caseId} is not on the manifest of ${state.caseId}`);
  const events: Decided[] = [{ type: 'SeatReleased', data: { flightId: state.caseId, caseId, seat: entry.seat, cause, reason } }];
  if (state.officers !== null) {
    const manifested = state.manifest.length - 1;
    const required = officersRequired(state, manifested);
    events.push({
      type: 'EscortsReplanned',
      data: {
        flightId: state.caseId,
        officers: state.officers,
        manifested,
        officersRequired: required,
        surplusOfficers: state.officers - required,
      },
    });
  }
  return events;
}

function decideEscorts(command: Command<'assignEscorts'>, state: FlightState): Decided[] {
  const required = officersRequired(state);
  if (command.officers < required) {
    throw new DomainRuleError(
      'escort-ratio',
      `${state.manifest.length} manifested case(s) at ${state.escortRatio} officer(s) each need ${required} escort officers; ${command.officers} assigned`,
    );
  }
  return [
    {
      type: 'EscortsAssigned',
      data: { flightId: state.caseId, officers: command.officers, manifested: state.manifest.length, officersRequired: required },
    },
  ];
}

function decideDeparture(state: FlightState): Decided[] {
  if (state.manifest.length === 0) throw new DomainRuleError('depart-with-manifest', `${state.caseId} has nobody on its manifest`);
  const officers = state.officers ?? 0;
  if (officers < officersRequired(state)) {
    throw new DomainRuleError(
      'escort-ratio',
      `${officers} escort officers for ${state.manifest.length} case(s); ${officersRequired(state)} required`,
    );
  }
  return [{ type: 'FlightDeparted', data: { flightId: state.caseId, caseIds: state.manifest.map((e) => e.caseId), officers } }];
}

/**
 * A departure is refused while a case on the manifest has told the flight it lost its clearance
 * and the flight has not yet released its seat (`noticed`: the notices received, not yet applied).
 * The operator departs again once the manifest shows the release.
 */
export function refuseDepartureWhileNoticed(state: FlightState, noticed: ReadonlySet<string>): void {
  const lost = state.manifest.filter((entry) => noticed.has(entry.caseId)).map((entry) => entry.caseId);
  if (lost.length > 0) {
    throw new DomainRuleError(
      'depart-with-lost-clearance',
      `${lost.join(', ')} lost clearance to travel; ${state.caseId} releases the seat(s) before it may depart`,
    );
  }
}

function decideNotBoarded(command: Command<'recordNotBoarded'>, state: FlightState): Decided[] {
  if (!state.onBoard.includes(command.caseId)) {
    throw new DomainRuleError('not-boarded-on-board-only', `${command.caseId} is not counted on board ${state.caseId}`);
  }
  return [{ type: 'CaseNotBoarded', data: { flightId: state.caseId, caseId: command.caseId, reason: command.reason } }];
}

function decide(command: FlightCommand, state: FlightState): Decided[] {
  checkTransition('charter flight', flightTransitions, command.type, state.status);
  const flightId = state.caseId;
  switch (command.type) {
    case 'planFlight':
      if (command.caseId !== flightId) {
        throw new DomainRuleError('case-id-matches-workflow', `the plan is for ${command.caseId}, but this flight is ${flightId}`);
      }
      return [{ type: 'FlightPlanned', data: { flightId, leadAgency: command.leadAgency, hostCountry: command.hostCountry } }];
    case 'openManifest': {
      const { flightNumber, route, capacity, escortRatio } = command;
      return [{ type: 'ManifestOpened', data: { flightId, flightNumber, route, capacity, escortRatio } }];
    }
    case 'addToManifest':
      return decideAdd(command, state);
    case 'removeFromManifest':
      return decideRelease(command.caseId, command.reason, 'removed', state);
    case 'releaseLostClearance':
      return decideRelease(command.caseId, command.reason, 'lost_clearance', state);
    case 'recordNotBoarded':
      return decideNotBoarded(command, state);
    case 'lockManifest':
      if (state.manifest.length === 0) throw new DomainRuleError('lock-with-manifest', `the manifest of ${flightId} is empty`);
      return [{ type: 'ManifestLocked', data: { flightId, manifested: state.manifest.length } }];
    case 'assignEscorts':
      return decideEscorts(command, state);
    case 'depart':
      return decideDeparture(state);
    case 'land':
      return [{ type: 'FlightLanded', data: { flightId, caseIds: state.onBoard } }];
    case 'completeHandover':
      return [{ type: 'HandoverCompleted', data: { flightId, handedOver: state.onBoard.length, receivedBy: command.receivedBy } }];
    case 'cancel':
      return [
        { type: 'FlightCancelled', data: { flightId, reason: command.reason, releasedCaseIds: state.manifest.map((e) => e.caseId) } },
      ];
  }
}

function evolve(state: FlightState, event: RecordedFact<FlightEvent>): FlightState {
  const status = STATUS_AFTER[event.type];
  const next: FlightState = status ? { ...state, status, statusSince: event.occurredAt } : { ...state };
  switch (event.type) {
    case 'FlightPlanned':
      return { ...next, leadAgency: event.data.leadAgency, hostCountry: event.data.hostCountry };
    case 'ManifestOpened': {
      const { flightNumber, route, capacity, escortRatio } = event.data;
      return { ...next, flightNumber, route, capacity, escortRatio };
    }
    case 'CaseManifested': {
      const { caseId, seat } = event.data;
      const entry: ManifestEntry = { caseId, ...(seat ? { seat } : {}) };
      return { ...next, manifest: [...state.manifest, entry] };
    }
    case 'SeatReleased':
      return { ...next, manifest: state.manifest.filter((e) => e.caseId !== event.data.caseId) };
    case 'EscortsAssigned':
      return { ...next, officers: event.data.officers };
    case 'FlightDeparted':
      return { ...next, onBoard: event.data.caseIds };
    case 'CaseNotBoarded':
      return { ...next, onBoard: state.onBoard.filter((caseId) => caseId !== event.data.caseId) };
    case 'FlightCancelled':
      return { ...next, manifest: [] };
    default:
      return next;
  }
}

export const flightDecider: Decider<FlightState, FlightCommand, FlightEvent> = {
  initialState: initialFlightState(''),
  decide,
  evolve,
};
