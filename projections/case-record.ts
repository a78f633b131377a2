// One case as the read side folds it: the case kind's own decider state (the same evolve the
// workflow runs, so a read model never disagrees with the workflow about a status), plus what the
// read models need beyond it: when the case opened, its latest event, the highest classification
// it has seen, and when each event type first happened. Personal data never enters a record: the
// deciders keep only references, and the one place that holds names (an operation's pending
// hand-overs, needed only to decide) is emptied. Pure.
import { type Agency, type Classification, classificationRank, type EventEnvelope } from '../events/envelope.ts';
import { factOf } from '../workflows/case-kit/stored-fact.ts';
import { type FlightState, flightDecider, initialFlightState } from '../workflows/flight/decider.ts';
import { type FlightEvent, flightEvents } from '../workflows/flight/events.ts';
import { type CaseKind, kindOfCaseId } from '../workflows/kinds.ts';
import { initialOperationState, type OperationState, operationDecider } from '../workflows/operation/decider.ts';
import { operationEvents } from '../workflows/operation/events.ts';
import { initialSuspectState, type SuspectState, suspectDecider } from '../workflows/suspect/decider.ts';
import { suspectEvents } from '../workflows/suspect/events.ts';
import { initialVictimState, type VictimState, victimDecider } from '../workflows/victim/decider.ts';
import { victimEvents } from '../workflows/victim/events.ts';

/** Where a case that held a seat on a flight stands on it. */
export type ManifestEntryStatus = 'manifested' | 'released' | 'cancelled' | 'on_board' | 'landed' | 'handed_over';

export interface ManifestEntryRecord {
  seat: string | null;
  status: ManifestEntryStatus;
  releasedCause: string | null;
}

interface RecordBase {
  caseId: string;
  streamVersion: number;
  openedAt: string;
  lastEventAt: string;
  classification: Classification;
  /** Event type → when it first happened (its occurredAt). */
  firsts: Record<string, string>;
}

export type CaseRecord =
  | (RecordBase & { kind: 'victim'; state: VictimState })
  | (RecordBase & { kind: 'suspect'; state: SuspectState })
  | (RecordBase & { kind: 'operation'; state: OperationState; partnerAgencies: Agency[] })
  | (RecordBase & { kind: 'flight'; state: FlightState; manifest: Record<string, ManifestEntryRecord> });

export type RecordOf<K extends CaseKind> = Extract<CaseRecord, { kind: K }>;

/** A stream id is `<case kind>-<case reference>`, so it names its kind (the registry parses it). */
export function kindOfStream(streamId: string): CaseKind {
  const kind = kindOfCaseId(streamId);
  if (!kind) throw new Error(`stream ${streamId} names no case kind`);
  return kind;
}

function opened(event: EventEnvelope): RecordBase {
  return {
    caseId: event.streamId,
    streamVersion: 0,
    openedAt: event.occurredAt,
    lastEventAt: event.occurredAt,
    classification: event.classification,
    firsts: {},
  };
}

function newRecord(event: EventEnvelope): CaseRecord {
  const base = opened(event);
  const caseId = event.streamId;
  switch (kindOfStream(caseId)) {
    case 'victim':
      return { ...base, kind: 'victim', state: initialVictimState(caseId) };
    case 'suspect':
      return { ...base, kind: 'suspect', state: initialSuspectState(caseId) };
    case 'operation':
      return { ...base, kind: 'operation', state: initialOperationState(caseId), partnerAgencies: [] };
    case 'flight':
      return { ...base, kind: 'flight', state: initialFlightState(caseId), manifest: {} };
  }
}

const entry = (seat: string | null, status: ManifestEntryStatus, releasedCause: string | null = null): ManifestEntryRecord => ({
  seat,
  status,
  releasedCause,
});

/** Every case that ever held a seat, and where it stands; the decider forgets released seats. */
function evolveManifest(manifest: Record<string, ManifestEntryRecord>, event: FlightEvent): Record<string, ManifestEntryRecord> {
  const next = { ...manifest };
  const move = (caseIds: readonly string[], status: ManifestEntryStatus) => {
    for (const caseId of caseIds) next[caseId] = entry(next[caseId]?.seat ?? null, status);
  };
  switch (event.type) {
    case 'CaseManifested':
      next[event.data.caseId] = entry(event.data.seat ?? null, 'manifested');
      return next;
    case 'SeatReleased':
      next[event.data.caseId] = entry(next[event.data.caseId]?.seat ?? event.data.seat ?? null, 'released', event.data.cause);
      return next;
    case 'FlightCancelled':
      move(event.data.releasedCaseIds, 'cancelled');
      return next;
    case 'FlightDeparted':
      move(event.data.caseIds, 'on_board');
      return next;
    case 'FlightLanded':
      move(event.data.caseIds, 'landed');
      return next;
    case 'HandoverCompleted':
      move(
        Object.keys(next).filter((caseId) => next[caseId]!.status === 'landed'),
        'handed_over',
      );
      return next;
    default:
      return manifest;
  }
}

/** The record after one more event of its stream (the runner guarantees stream order, once each). */
export function foldCase(record: CaseRecord | null, event: EventEnvelope): CaseRecord {
  const current = record ?? newRecord(event);
  const base: RecordBase = {
    caseId: current.caseId,
    streamVersion: event.streamVersion,
    openedAt: current.openedAt,
    lastEventAt: event.occurredAt,
    classification:
      classificationRank(event.classification) > classificationRank(current.classification) ? event.classification : current.classification,
    firsts: Object.hasOwn(current.firsts, event.type) ? current.firsts : { ...current.firsts, [event.type]: event.occurredAt },
  };
  // Each kind's own events, typed by its catalogue: factOf is where a stored event is narrowed.
  switch (current.kind) {
    case 'victim':
      return { ...base, kind: 'victim', state: victimDecider.evolve(current.state, factOf(victimEvents, event)) };
    case 'suspect':
      return { ...base, kind: 'suspect', state: suspectDecider.evolve(current.state, factOf(suspectEvents, event)) };
    case 'operation': {
      const fact = factOf(operationEvents, event);
      return {
        ...base,
        kind: 'operation',
        // Names and passport numbers wait there only until the operation opens the person's case.
        state: { ...operationDecider.evolve(current.state, fact), pendingHandOvers: [] },
        // The decider has no use for the partner agencies; the operation summary shows them.
        partnerAgencies: fact.type === 'OperationPlanned' ? fact.data.partnerAgencies : current.partnerAgencies,
      };
    }
    case 'flight': {
      const fact = factOf(flightEvents, event);
      return {
        ...base,
        kind: 'flight',
        state: flightDecider.evolve(current.state, fact),
        manifest: evolveManifest(current.manifest, fact),
      };
    }
  }
}
