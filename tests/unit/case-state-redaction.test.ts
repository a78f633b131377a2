// A case's live state is redacted by its kind's state schema (workflows/<kind>/access.ts), whose
// personal fields carry the marks of the events they were copied from: a raid's pending hand-over
// shows a person's name to MOJ but not their passport, and nothing personal to an auditor or an
// analyst. The schemas declare every field of the deciders' states, so redaction drops nothing a
// state holds (every state folded from a raid-to-flight campaign and a victim's whole story).
import { describe, expect, it } from 'vitest';
import { visibleCategories } from '../../access/need-to-know.ts';
import { REDACTED, redact, redactState } from '../../access/redact.ts';
import { PersonalDataCategory } from '../../events/personal-data.ts';
import type { RecordedFact } from '../../workflows/case-kit/rules.ts';
import { factOf } from '../../workflows/case-kit/stored-fact.ts';
import { flightDecider, initialFlightState } from '../../workflows/flight/decider.ts';
import { flightEvents } from '../../workflows/flight/events.ts';
import { CASE_KIND_SPECS, type CaseKind, kindOfCaseId } from '../../workflows/kinds.ts';
import { initialOperationState, operationDecider } from '../../workflows/operation/decider.ts';
import { operationEvents } from '../../workflows/operation/events.ts';
import { initialSuspectState, suspectDecider } from '../../workflows/suspect/decider.ts';
import { suspectEvents } from '../../workflows/suspect/events.ts';
import { initialVictimState, victimDecider } from '../../workflows/victim/decider.ts';
import { victimEvents as victimCatalogue } from '../../workflows/victim/events.ts';
import { asStreamEnvelopes, raidAndFlightEvents, VICTIM_STORY_LENGTH, victimEvents } from './projection-fixtures.ts';

const operationState = {
  ...initialOperationState('operation-2025-07'),
  status: 'TARGET_RAIDED' as const,
  summary: { targetsRaided: 1, suspectsDetained: 1, victimsRescued: 0, pendingScreening: 0, casesOpened: 0 },
  pendingHandOvers: [
    {
      personRef: 'p-1',
      caseId: 'suspect-x',
      caseKind: 'suspect' as const,
      personName: 'Park',
      birthDate: '1990-01-01',
      passportNumber: 'M123',
      hostCountry: 'KH',
      foundBy: 'HOST_POLICE' as const,
      foundAt: '2025-10-18T01:00:00.000Z',
    },
  ],
};

/** Folds stored events with their kind's decider, as the workflow does. */
const FOLDS: { [K in CaseKind]: { initial: (caseId: string) => object; fold: (state: never, event: RecordedFact) => object } } = {
  victim: {
    initial: initialVictimState,
    fold: (state, event) => victimDecider.evolve(state, factOf(victimCatalogue, event)),
  },
  suspect: { initial: initialSuspectState, fold: (state, event) => suspectDecider.evolve(state, factOf(suspectEvents, event)) },
  operation: {
    initial: initialOperationState,
    fold: (state, event) => operationDecider.evolve(state, factOf(operationEvents, event)),
  },
  flight: { initial: initialFlightState, fold: (state, event) => flightDecider.evolve(state, factOf(flightEvents, event)) },
};

/** Every state each case passes through on a raid-to-flight campaign and a victim's whole story. */
function everyState(): { kind: CaseKind; state: Record<string, unknown> }[] {
  const events = asStreamEnvelopes([...raidAndFlightEvents(), ...victimEvents('victim-story-1', VICTIM_STORY_LENGTH)]);
  const states = new Map<string, object>();
  const seen: { kind: CaseKind; state: Record<string, unknown> }[] = [];
  for (const event of events) {
    const kind = kindOfCaseId(event.streamId)!;
    const before = states.get(event.streamId) ?? FOLDS[kind].initial(event.streamId);
    const after = FOLDS[kind].fold(before as never, event);
    states.set(event.streamId, after);
    seen.push({ kind, state: after as Record<string, unknown> });
  }
  return seen;
}

const EVERYTHING = new Set(PersonalDataCategory.options);

describe('case state redaction', () => {
  it('shows MOJ the name of a person found in a raid, not the birth date or passport', () => {
    const moj = { userId: 'p', agency: 'MOJ', role: 'operator', clearance: 'SECRET' } as const;
    expect(redactState(operationState, moj, 'operation')).toEqual({
      ...operationState,
      pendingHandOvers: [{ ...operationState.pendingHandOvers[0], birthDate: REDACTED, passportNumber: REDACTED }],
    });
  });

  it('shows an auditor or an analyst the shape of the operation and no one in it', () => {
    for (const role of ['auditor', 'analyst'] as const) {
      const seen = redactState(operationState, { userId: 'a', agency: 'NPA', role, clearance: 'SECRET' }, 'operation');
      expect((seen as typeof operationState).pendingHandOvers[0], role).toEqual({
        ...operationState.pendingHandOvers[0],
        personName: REDACTED,
        birthDate: REDACTED,
        passportNumber: REDACTED,
      });
    }
  });

  it('drops a field the state schema does not declare, since nothing says it is not personal', () => {
    const npa = visibleCategories({ agency: 'NPA', role: 'operator' }, 'victim', { assigned: false });
    const state = { ...initialVictimState('victim-1'), familyContact: '+82 10' };
    expect(redact(CASE_KIND_SPECS.victim.access.stateSchema, state, npa)).toEqual(initialVictimState('victim-1'));
  });

  it('declares every field of every state the deciders reach: with every category visible, each comes back whole', () => {
    const states = everyState();
    expect(new Set(states.map((s) => s.kind))).toEqual(new Set(['victim', 'suspect', 'operation', 'flight']));
    for (const { kind, state } of states) {
      const schema = CASE_KIND_SPECS[kind].access.stateSchema;
      expect(schema.safeParse(state).success, `${kind} ${state.status}`).toBe(true);
      expect(redact(schema, state, EVERYTHING), `${kind} ${state.status}`).toEqual(state);
    }
  });

  it("with nothing visible, only the names and passports waiting in an operation and a victim's welfare categories are hidden", () => {
    for (const { kind, state } of everyState()) {
      const hidden = redact(CASE_KIND_SPECS[kind].access.stateSchema, state, new Set());
      if (kind === 'operation') expect(JSON.stringify(hidden)).not.toMatch(/Detained One|Rescued Two|M12345678/);
      else if (kind === 'victim' && state.welfare) {
        expect(hidden, kind).toEqual({ ...state, welfare: { injury: REDACTED, medicalNeed: REDACTED, reportedAbuse: REDACTED } });
      } else expect(hidden, kind).toEqual(state);
    }
  });
});
