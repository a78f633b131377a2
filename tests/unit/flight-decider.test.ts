// CharterFlight rules, given/when/then: given recorded facts, when a command arrives,
// then these events (or this rule violation).
import { describe, expect, it } from 'vitest';
import type { FlightCommand } from '../../workflows/flight/commands.ts';
import {
  type FlightState,
  flightDecider,
  flightTransitions,
  initialFlightState,
  refuseDepartureWhileNoticed,
} from '../../workflows/flight/decider.ts';
import { deciderSteps } from './decider-steps.ts';

const actor = { agency: 'MOJ', role: 'operator', userId: 'moj-desk-1' } as const;
const at = '2026-01-22T09:00:00.000Z';
const flightId = 'flight-KE9690';

const plan: FlightCommand = { type: 'planFlight', actor, occurredAt: at, caseId: flightId, leadAgency: 'MOJ', hostCountry: 'KH' };
const open = (capacity: number, escortRatio = 2): FlightCommand => ({
  type: 'openManifest',
  actor,
  occurredAt: at,
  flightNumber: 'KE9690',
  route: { origin: 'PNH', destination: 'ICN' },
  capacity,
  escortRatio,
});
const add = (ref: string, seat?: string): FlightCommand => ({
  type: 'addToManifest',
  actor,
  occurredAt: at,
  caseId: `suspect-${ref}`,
  ...(seat ? { seat } : {}),
});
const remove = (ref: string): FlightCommand => ({
  type: 'removeFromManifest',
  actor,
  occurredAt: at,
  caseId: `suspect-${ref}`,
  reason: 'host case pending',
});
const lostClearance = (ref: string): FlightCommand => ({
  type: 'releaseLostClearance',
  actor,
  occurredAt: at,
  caseId: `suspect-${ref}`,
  reason: 'host court hold',
});
const notBoarded = (ref: string): FlightCommand => ({
  type: 'recordNotBoarded',
  actor,
  occurredAt: at,
  caseId: `suspect-${ref}`,
  reason: 'host court hold',
});
const lock: FlightCommand = { type: 'lockManifest', actor, occurredAt: at };
const escorts = (officers: number): FlightCommand => ({ type: 'assignEscorts', actor, occurredAt: at, officers });
const depart: FlightCommand = { type: 'depart', actor, occurredAt: at };
const land: FlightCommand = { type: 'land', actor, occurredAt: at };
const handover: FlightCommand = { type: 'completeHandover', actor, occurredAt: at, receivedBy: 'NPA' };
const cancel: FlightCommand = { type: 'cancel', actor, occurredAt: at, reason: 'aircraft unavailable' };

const { apply, given } = deciderSteps(flightDecider, () => initialFlightState(flightId));

describe('CharterFlight rules', () => {
  it('a plan opens the flight as PLANNED; a plan for another flight id is refused', () => {
    expect(given(plan)).toMatchObject({ status: 'PLANNED', leadAgency: 'MOJ', hostCountry: 'KH' });
    expect(() => flightDecider.decide({ ...plan, caseId: 'flight-other' }, initialFlightState(flightId))).toThrow(
      /the plan is for flight-other, but this flight is flight-KE9690/,
    );
  });

  it('opening the manifest records capacity, route and escort ratio', () => {
    const state = given(plan, open(73));
    expect(state).toMatchObject({
      status: 'MANIFEST_OPEN',
      capacity: 73,
      escortRatio: 2,
      flightNumber: 'KE9690',
      route: { origin: 'PNH', destination: 'ICN' },
    });
  });

  it('nobody joins before the manifest is open', () => {
    expect(() => flightDecider.decide(add('A'), given(plan))).toThrow(
      /addToManifest is allowed only when the charter flight is MANIFEST_OPEN; it is PLANNED/,
    );
  });

  it('a case joins the manifest once', () => {
    const state = given(plan, open(3), add('A'));
    expect(state.manifest).toEqual([{ caseId: 'suspect-A' }]);
    expect(() => flightDecider.decide(add('A'), state)).toThrow(/suspect-A is already on the manifest of flight-KE9690/);
  });

  it('the manifest takes no more cases than the capacity', () => {
    const full = given(plan, open(2), add('A'), add('B'));
    expect(() => flightDecider.decide(add('C'), full)).toThrow(/the manifest of flight-KE9690 is full: 2 of 2 seats taken/);
    expect(given(plan, open(2), add('A'), add('B'), remove('A'), add('C')).manifest.map((e) => e.caseId)).toEqual([
      'suspect-B',
      'suspect-C',
    ]);
  });

  it('a seat is given to one case only', () => {
    expect(() => flightDecider.decide(add('B', '12A'), given(plan, open(3), add('A', '12A')))).toThrow(/seat 12A is already taken/);
  });

  it('the manifest cannot be locked empty, and a locked manifest takes no one', () => {
    expect(() => flightDecider.decide(lock, given(plan, open(3)))).toThrow(/the manifest of flight-KE9690 is empty/);
    const locked = given(plan, open(3), add('A'), lock);
    expect(locked.status).toBe('MANIFEST_LOCKED');
    expect(() => flightDecider.decide(add('B'), locked)).toThrow(/it is MANIFEST_LOCKED/);
  });

  it('escorts must meet the ratio: officers >= ratio x manifested', () => {
    const locked = given(plan, open(73), add('A'), add('B'), add('C'), lock);
    expect(() => flightDecider.decide(escorts(5), locked)).toThrow(
      /3 manifested case\(s\) at 2 officer\(s\) each need 6 escort officers; 5 assigned/,
    );
    const [event] = flightDecider.decide(escorts(6), locked);
    expect(event).toMatchObject({ type: 'EscortsAssigned', data: { officers: 6, manifested: 3, officersRequired: 6 } });
  });

  it('the escort ratio is configurable per flight', () => {
    const locked = given(plan, open(10, 3), add('A'), add('B'), lock);
    expect(() => flightDecider.decide(escorts(5), locked)).toThrow(/need 6 escort officers/);
    expect(given(plan, open(10, 3), add('A'), add('B'), lock, escorts(6)).officers).toBe(6);
  });

  it('escorts can be re-assigned before departure, still within the ratio', () => {
    const assigned = given(plan, open(5), add('A'), add('B'), lock, escorts(4));
    expect(given(plan, open(5), add('A'), add('B'), lock, escorts(4), escorts(5)).officers).toBe(5);
    expect(() => flightDecider.decide(escorts(3), assigned)).toThrow(/need 4 escort officers/);
  });

  it('the flight departs only with escorts assigned, and takes every manifested case on board', () => {
    expect(() => flightDecider.decide(depart, given(plan, open(3), add('A'), lock))).toThrow(/it is MANIFEST_LOCKED/);
    const departed = given(plan, open(3), add('A'), add('B'), lock, escorts(4), depart);
    expect(departed.status).toBe('DEPARTED');
    expect(departed.onBoard).toEqual(['suspect-A', 'suspect-B']);
  });

  it('a flight whose whole manifest dropped out cannot depart', () => {
    const empty = given(plan, open(3), add('A'), lock, escorts(2), lostClearance('A'));
    expect(() => flightDecider.decide(depart, empty)).toThrow(/flight-KE9690 has nobody on its manifest/);
  });

  it('landing and hand-over follow departure, naming every case on board', () => {
    const landed = given(plan, open(3), add('A'), lock, escorts(2), depart, land);
    expect(landed.status).toBe('LANDED');
    expect(flightDecider.decide(handover, landed)[0]).toMatchObject({
      type: 'HandoverCompleted',
      data: { handedOver: 1, receivedBy: 'NPA' },
    });
    expect(given(plan, open(3), add('A'), lock, escorts(2), depart, land, handover).status).toBe('HANDOVER_COMPLETE');
    expect(() => flightDecider.decide(land, given(plan, open(3), add('A'), lock, escorts(2)))).toThrow(
      /land is allowed only when the charter flight is DEPARTED/,
    );
  });

  it('an operator removes a case with a reason; only a manifested case can be removed', () => {
    const state = given(plan, open(3), add('A', '1A'));
    expect(flightDecider.decide(remove('A'), state)).toEqual([
      { type: 'SeatReleased', data: { flightId, caseId: 'suspect-A', seat: '1A', cause: 'removed', reason: 'host case pending' } },
    ]);
    expect(() => flightDecider.decide(remove('Z'), state)).toThrow(/suspect-Z is not on the manifest of flight-KE9690/);
  });

  it('a case losing clearance before escorts are planned only releases its seat', () => {
    const state = given(plan, open(3), add('A'), add('B'), lock);
    const events = flightDecider.decide(lostClearance('A'), state);
    expect(events.map((e) => e.type)).toEqual(['SeatReleased']);
    expect(events[0]?.data).toMatchObject({ cause: 'lost_clearance', reason: 'host court hold' });
  });

  it('a case losing clearance after escorts are assigned releases its seat and re-plans the escorts', () => {
    const state = given(plan, open(5), add('A'), add('B'), add('C'), lock, escorts(6));
    expect(flightDecider.decide(lostClearance('B'), state)).toEqual([
      {
        type: 'SeatReleased',
        data: { flightId, caseId: 'suspect-B', seat: undefined, cause: 'lost_clearance', reason: 'host court hold' },
      },
      { type: 'EscortsReplanned', data: { flightId, officers: 6, manifested: 2, officersRequired: 4, surplusOfficers: 2 } },
    ]);
    const after = apply(state, lostClearance('B'));
    expect(after.status).toBe('ESCORTS_ASSIGNED');
    expect(after.manifest.map((e) => e.caseId)).toEqual(['suspect-A', 'suspect-C']);
  });

  it('after departure a case can no longer leave the manifest', () => {
    const departed = given(plan, open(3), add('A'), lock, escorts(2), depart);
    expect(() => flightDecider.decide(lostClearance('A'), departed)).toThrow(
      /releaseLostClearance is allowed only when .*; it is DEPARTED/,
    );
    expect(() => flightDecider.decide(remove('A'), departed)).toThrow(/it is DEPARTED/);
  });

  it('a cancelled flight releases every manifested case; a departed flight cannot be cancelled', () => {
    const state = given(plan, open(3), add('A'), add('B'), lock);
    expect(flightDecider.decide(cancel, state)[0]?.data).toMatchObject({ releasedCaseIds: ['suspect-A', 'suspect-B'] });
    expect(apply(state, cancel)).toMatchObject({ status: 'CANCELLED', manifest: [] });
    expect(() => flightDecider.decide(cancel, given(plan, open(3), add('A'), lock, escorts(2), depart))).toThrow(/it is DEPARTED/);
  });

  it('given a lost-clearance notice received and not yet applied, when depart arrives, then it is refused with the rule', () => {
    const ready = given(plan, open(3), add('A'), add('B'), lock, escorts(4));
    expect(() => refuseDepartureWhileNoticed(ready, new Set(['suspect-B']))).toThrow(
      expect.objectContaining({ rule: 'depart-with-lost-clearance', message: expect.stringMatching(/^suspect-B lost clearance/) }),
    );
    // A notice about a case no longer on the manifest (its seat already released) does not hold the flight.
    expect(() => refuseDepartureWhileNoticed(ready, new Set(['suspect-Z']))).not.toThrow();
    expect(() => refuseDepartureWhileNoticed(ready, new Set())).not.toThrow();
  });

  it('given the notice applied before the departure, when depart, then the departure does not list the case', () => {
    const released = given(plan, open(3), add('A'), add('B'), lock, escorts(4), lostClearance('B'));
    expect(flightDecider.decide(depart, released)).toEqual([
      { type: 'FlightDeparted', data: { flightId, caseIds: ['suspect-A'], officers: 4 } },
    ]);
  });

  it('given a departed flight, when a case on board had lost its clearance before boarding, then it is recorded as not on board', () => {
    const departed = given(plan, open(3), add('A'), add('B'), lock, escorts(4), depart);
    expect(flightDecider.decide(notBoarded('B'), departed)).toEqual([
      { type: 'CaseNotBoarded', data: { flightId, caseId: 'suspect-B', reason: 'host court hold' } },
    ]);
    const corrected = apply(departed, notBoarded('B'));
    expect(corrected).toMatchObject({ status: 'DEPARTED', onBoard: ['suspect-A'] });
    // Landing and hand-over count only who boarded; the same holds for a notice that arrives after landing.
    expect(flightDecider.decide(land, corrected)[0]?.data).toEqual({ flightId, caseIds: ['suspect-A'] });
    const landed = given(plan, open(3), add('A'), add('B'), lock, escorts(4), depart, land);
    expect(apply(apply(landed, notBoarded('B')), handover).onBoard).toEqual(['suspect-A']);
    expect(flightDecider.decide(handover, apply(landed, notBoarded('B')))[0]?.data).toMatchObject({ handedOver: 1 });
    // Only a case counted on board can be found not to have boarded.
    expect(() => flightDecider.decide(notBoarded('B'), corrected)).toThrow(expect.objectContaining({ rule: 'not-boarded-on-board-only' }));
  });

  it('every command is refused from every state its transition does not list', () => {
    const commands: Record<FlightCommand['type'], FlightCommand> = {
      planFlight: plan,
      openManifest: open(3),
      addToManifest: add('Z'),
      removeFromManifest: remove('A'),
      releaseLostClearance: lostClearance('A'),
      recordNotBoarded: notBoarded('A'),
      lockManifest: lock,
      assignEscorts: escorts(10),
      depart,
      land,
      completeHandover: handover,
      cancel,
    };
    const states: FlightState[] = [
      initialFlightState(flightId),
      given(plan),
      given(plan, open(3), add('A')),
      given(plan, open(3), add('A'), lock),
      given(plan, open(3), add('A'), lock, escorts(2)),
      given(plan, open(3), add('A'), lock, escorts(2), depart),
      given(plan, open(3), add('A'), lock, escorts(2), depart, land),
      given(plan, open(3), add('A'), lock, escorts(2), depart, land, handover),
      given(plan, cancel),
    ];
    expect(new Set(states.map((s) => s.status)).size).toBe(9);
    for (const [type, transition] of Object.entries(flightTransitions)) {
      for (const state of states) {
        if (transition.from.includes(state.status)) continue;
        expect(() => flightDecider.decide(commands[type as FlightCommand['type']], state), `${type} in ${state.status}`).toThrow(
          `${type} is allowed only when`,
        );
      }
    }
  });
});
