// SuspectCase rules, given/when/then: given recorded facts, when a command arrives, then these
// events (or this rule violation). Every decided event is also checked against the catalogue.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES_FILE, readDeadlineFile } from '../../activities/deadline-table.ts';
import { eventTypesOf, validateEventData } from '../../events/catalogue.ts';
import { DeadlineTable } from '../../workflows/case-kit/deadlines.ts';
import { DomainRuleError } from '../../workflows/case-kit/rules.ts';
import { nextDeadline, runningClocks } from '../../workflows/suspect/clocks.ts';
import type { SuspectCommand } from '../../workflows/suspect/commands.ts';
import {
  initialSuspectState,
  type SuspectState,
  suspectDecider,
  suspectEventOf,
  suspectTransitions,
} from '../../workflows/suspect/decider.ts';
import { SUSPECT_STATUSES, type SuspectStatus } from '../../workflows/suspect/statuses.ts';
import { deciderSteps } from './decider-steps.ts';

/** The deadlines file as shipped. */
const table = new DeadlineTable(readDeadlineFile(DEFAULT_DEADLINES_FILE));
const suspectDeadlinesFor = (hostCountry: string) => table.suspect(hostCountry)!;

const actor = { agency: 'NPA', role: 'operator', userId: 'korea-desk-1' } as const;
const at = '2026-01-05T09:00:00.000Z';
const caseId = 'suspect-2026-0001';

type Cmd<T extends SuspectCommand['type']> = Extract<SuspectCommand, { type: T }>;
function cmd<T extends SuspectCommand['type']>(type: T, fields: Omit<Cmd<T>, 'type' | 'actor' | 'occurredAt'>, occurredAt = at): Cmd<T> {
  return { type, actor, occurredAt, ...fields } as Cmd<T>;
}

const identify = cmd('identifySuspect', {
  caseId,
  leadAgency: 'NPA',
  personName: 'Suspect A',
  hostCountry: 'KH',
  source: 'report',
  deadlines: suspectDeadlinesFor('KH'),
});
const warrant = cmd('issueArrestWarrant', { warrantNumber: 'W-2026-17', court: 'Seoul Central District Court' });
const arrest = cmd('recordArrest', { arrestedBy: 'HOST_POLICE', operationId: 'operation-sihanoukville-1' });
const immigrationDetention = cmd('recordDetention', { basis: 'immigration' });
const provisionalArrest = cmd('recordDetention', { basis: 'provisional_arrest' });
const deport = cmd('orderDeportation', { orderReference: 'GDI-2026-88' });
const blacklist = cmd('recordReEntryBlacklist', { blacklistReference: 'BL-88' });
const travelDocument = cmd('issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC1234567' });
const join = cmd('joinManifest', { flightId: 'flight-KE9690', seat: '32A' });
const hold = cmd('placeHostCaseHold', { hostCaseReference: 'PP-COURT-2026-5' });
const releaseHold = cmd('releaseHostCaseHold', {});
const requestExtradition = cmd('requestExtradition', { requestReference: 'MOJ-EXT-2026-3' });
const courtApproval = cmd('recordHostCourtApproval', { court: 'Phnom Penh Court of Appeal', decisionReference: 'CA-44' });
const executiveApproval = cmd('recordHostExecutiveApproval', { decisionReference: 'RGC-9' });
const boarded = cmd('recordOnBoardArrest', { flightId: 'flight-KE9690' }, '2026-01-23T01:00:00.000Z');
const landed = cmd('recordLanding', { flightId: 'flight-KE9690' }, '2026-01-23T06:30:00.000Z');
const requestDetentionWarrant = cmd('requestDetentionWarrant', { court: 'Suwon District Court' }, '2026-01-24T10:00:00.000Z');
const detentionWarrantIssued = cmd('recordDetentionWarrantIssued', { warrantNumber: 'DW-2026-3' }, '2026-01-24T20:00:00.000Z');

const { apply, given } = deciderSteps(
  suspectDecider,
  () => initialSuspectState(caseId),
  (fact) => validateEventData(fact.type, fact.data),
);

function eventsOf(command: SuspectCommand, state: SuspectState): string[] {
  return suspectDecider.decide(command, state).map((e) => e.type);
}

const raidDeported = [identify, arrest, immigrationDetention, deport, blacklist, travelDocument] as const;

describe('SuspectCase: identification and the wanted stage', () => {
  it('an identification opens the case as IDENTIFIED with its source, link to a victim case and periods', () => {
    const state = given({ ...identify, source: 'screening', linkedVictimCaseId: 'victim-2026-0001' });
    expect(state).toMatchObject({ status: 'IDENTIFIED', leadAgency: 'NPA', hostCountry: 'KH', linkedVictimCaseId: 'victim-2026-0001' });
    expect(state.deadlines).toEqual(suspectDeadlinesFor('KH'));
  });

  it('an identification from intelligence is recorded as SECRET', () => {
    const [event] = suspectDecider.decide({ ...identify, source: 'intelligence' }, initialSuspectState(caseId));
    expect(event?.classification).toBe('SECRET');
  });

  it('an identification for another case id is refused', () => {
    expect(() => given({ ...identify, caseId: 'suspect-other' })).toThrow(/the identification is for suspect-other/);
  });

  it('a domestic arrest warrant makes an identified suspect WANTED', () => {
    expect(given(identify, warrant)).toMatchObject({ status: 'WANTED', warrantNumber: 'W-2026-17' });
  });

  it('a warrant issued after a raid arrest is recorded without moving the case', () => {
    expect(given(identify, arrest, warrant)).toMatchObject({ status: 'ARRESTED', warrantNumber: 'W-2026-17' });
  });

  it('a suspect has one arrest warrant', () => {
    expect(() => given(identify, warrant, arrest, warrant)).toThrow(/already has arrest warrant W-2026-17/);
  });

  it('a Red Notice is requested once while wanted and published only after the request', () => {
    const publish = cmd('recordRedNoticePublished', { noticeReference: 'A-1234/1-2026' });
    expect(() => given(identify, warrant, publish)).toThrow(/no Red Notice request/);
    const request = cmd('requestRedNotice', { requestReference: 'NCB-SEOUL-77' });
    expect(given(identify, warrant, request, publish)).toMatchObject({ status: 'WANTED', redNotice: 'published' });
    expect(() => given(identify, warrant, request, request)).toThrow(/already requested/);
  });

  it('a passport is invalidated only for a person with an arrest warrant, once', () => {
    const invalidate = cmd('invalidatePassport', { orderReference: 'MOFA-PP-12' });
    expect(() => given(identify, arrest, invalidate)).toThrow(/Passport Act art. 12/);
    const state = given(identify, warrant, invalidate);
    expect(state.passportInvalidated).toBe(true);
    expect(() => apply(state, invalidate)).toThrow(/already invalidated/);
  });
});

describe('SuspectCase: arrest abroad', () => {
  it('a raid arrest records the operation', () => {
    expect(given(identify, warrant, arrest)).toMatchObject({ status: 'ARRESTED', operationId: 'operation-sihanoukville-1' });
  });

  it('the same operation never records the arrest twice, even after an escape', () => {
    expect(() => given(identify, arrest, arrest)).toThrow(/already recorded/);
    const escaped = given(identify, arrest, cmd('recordEscape', {}));
    expect(() => apply(escaped, arrest)).toThrow(/already recorded/);
    const rearrested = apply(escaped, { ...arrest, operationId: 'operation-poipet-2' });
    expect(rearrested).toMatchObject({ status: 'ARRESTED', arrestOperationIds: ['operation-sihanoukville-1', 'operation-poipet-2'] });
  });
});

describe('SuspectCase: formal extradition', () => {
  it('a provisional arrest sets the lapse deadline from the treaty period of the host country', () => {
    const cambodia = given(identify, warrant, arrest, provisionalArrest);
    expect(cambodia.provisionalArrest?.deadline).toBe('2026-03-06T09:00:00.000Z'); // 60 days (KH)
    const philippines = given({ ...identify, hostCountry: 'PH', deadlines: suspectDeadlinesFor('PH') }, warrant, arrest, provisionalArrest);
    expect(philippines.provisionalArrest?.deadline).toBe('2026-01-25T09:00:00.000Z'); // 20 days (PH)
    expect(cambodia.route).toBe('extradition');
  });

  it('the provisional-arrest clock warns before it lapses, and each once, keeping the case DETAINED', () => {
    const detained = given(identify, warrant, arrest, provisionalArrest);
    expect(runningClocks(detained)[0]?.steps).toEqual([
      { command: 'warnProvisionalArrestLapse', at: '2026-03-01T09:00:00.000Z' },
      { command: 'lapseProvisionalArrest', at: '2026-03-06T09:00:00.000Z' },
    ]);
    const warn = cmd('warnProvisionalArrestLapse', {}, '2026-03-01T09:00:00.000Z');
    const lapse = cmd('lapseProvisionalArrest', {}, '2026-03-06T09:00:00.000Z');
    const warned = apply(detained, warn);
    expect(() => apply(warned, warn)).toThrow(/already escalated/);
    const lapsed = apply(warned, lapse);
    expect(lapsed).toMatchObject({ status: 'DETAINED', provisionalArrest: { warned: true, lapsed: true } });
    expect(() => apply(lapsed, lapse)).toThrow(/no provisional-arrest clock/);
    expect(runningClocks(lapsed)).toEqual([]);
  });

  it('an immigration detention runs no provisional-arrest clock', () => {
    const detained = given(identify, warrant, arrest, immigrationDetention);
    expect(runningClocks(detained)).toEqual([]);
    expect(() => apply(detained, cmd('warnProvisionalArrestLapse', {}))).toThrow(DomainRuleError);
  });

  it('a formal request in time meets the provisional-arrest deadline and stops its clock', () => {
    const detained = given(identify, warrant, arrest, provisionalArrest);
    expect(suspectDecider.decide(requestExtradition, detained)[0]?.data).toMatchObject({ provisionalArrestMet: true });
    const requested = apply(detained, requestExtradition);
    expect(runningClocks(requested).map((c) => c.steps[0]?.command)).toEqual(['flagUnansweredRequest']);
  });

  it('given a lapsed provisional arrest, when a request sent before the deadline is entered late, then it met the deadline; one sent after did not', () => {
    const lapse = cmd('lapseProvisionalArrest', {}, '2026-03-06T09:00:00.000Z');
    const lapsed = given(identify, warrant, arrest, provisionalArrest, lapse);
    const sentInTime = cmd('requestExtradition', { requestReference: 'MOJ-EXT-2026-3' }, '2026-03-05T09:00:00.000Z');
    const sentLate = cmd('requestExtradition', { requestReference: 'MOJ-EXT-2026-3' }, '2026-03-07T09:00:00.000Z');
    expect(suspectDecider.decide(sentInTime, lapsed)[0]?.data).toMatchObject({ provisionalArrestMet: true });
    expect(suspectDecider.decide(sentLate, lapsed)[0]?.data).toMatchObject({ provisionalArrestMet: false });
  });

  it('a host hold does not stop the provisional-arrest clock', () => {
    const held = given(identify, warrant, arrest, provisionalArrest, hold);
    expect(held.status).toBe('HELD_BY_HOST_CASE');
    expect(runningClocks(held)[0]?.key).toBe('provisional-arrest:2026-03-06T09:00:00.000Z');
  });

  it('an unanswered request is reminded every chase interval, and a chase restarts the interval', () => {
    const requested = given(identify, warrant, arrest, provisionalArrest, requestExtradition);
    expect(nextDeadline(requested)).toBe('2026-02-04T09:00:00.000Z');
    const reminded = apply(requested, cmd('flagUnansweredRequest', {}, '2026-02-04T09:00:00.000Z'));
    expect(reminded.awaitingAnswer).toMatchObject({ awaiting: 'host_court', reminders: 1 });
    expect(nextDeadline(reminded)).toBe('2026-03-06T09:00:00.000Z');
    const chase = cmd('chaseRequest', { chasedThrough: 'MOFA', note: 'diplomatic note' }, '2026-02-10T09:00:00.000Z');
    expect(suspectDecider.decide(chase, reminded)[0]?.data).toMatchObject({ awaiting: 'host_court', chaseNumber: 1 });
    const chased = apply(reminded, chase);
    expect(chased.status).toBe('EXTRADITION_REQUESTED');
    expect(nextDeadline(chased)).toBe('2026-03-12T09:00:00.000Z');
  });

  it('court then executive approval lead to a travel document', () => {
    const approved = given(identify, warrant, arrest, provisionalArrest, requestExtradition, courtApproval, executiveApproval);
    expect(approved).toMatchObject({ status: 'HOST_EXECUTIVE_APPROVED', awaitingAnswer: null });
    expect(apply(approved, travelDocument).status).toBe('TRAVEL_DOCUMENT_ISSUED');
  });

  it('executive approval needs the court first', () => {
    expect(() => given(identify, warrant, arrest, provisionalArrest, requestExtradition, executiveApproval)).toThrow(
      /recordHostExecutiveApproval is allowed only when the suspect case is HOST_COURT_APPROVED; it is EXTRADITION_REQUESTED/,
    );
  });

  it('a denial comes from the authority the request awaits, and deportation remains possible after it', () => {
    const atCourt = given(identify, warrant, arrest, provisionalArrest, requestExtradition);
    expect(() => apply(atCourt, cmd('recordExtraditionDenied', { deniedBy: 'host_executive', reason: 'political offence' }))).toThrow(
      /awaits the host court/,
    );
    const denied = apply(atCourt, cmd('recordExtraditionDenied', { deniedBy: 'host_court', reason: 'insufficient evidence' }));
    expect(denied.status).toBe('APPROVAL_DENIED');
    expect(apply(denied, deport)).toMatchObject({ status: 'DEPORTATION_ORDERED', route: 'deportation' });
  });
});

describe('SuspectCase: deportation and host holds', () => {
  it('deportation leads through the re-entry blacklist to a travel document', () => {
    expect(given(...raidDeported)).toMatchObject({ status: 'TRAVEL_DOCUMENT_ISSUED', route: 'deportation' });
  });

  it('a pending host criminal case holds deportation and its release resumes the case where it was', () => {
    const held = given(identify, arrest, immigrationDetention, deport, hold);
    expect(held).toMatchObject({
      status: 'HELD_BY_HOST_CASE',
      hostCaseHold: { hostCaseReference: 'PP-COURT-2026-5', heldFrom: 'DEPORTATION_ORDERED' },
    });
    expect(() => apply(held, blacklist)).toThrow(/it is HELD_BY_HOST_CASE/);
    expect(apply(held, releaseHold)).toMatchObject({ status: 'DEPORTATION_ORDERED', hostCaseHold: null });
  });
});

describe('SuspectCase: manifest', () => {
  it('a case cleared to travel joins a manifest and records the flight', () => {
    expect(given(...raidDeported, join)).toMatchObject({ status: 'MANIFESTED', flightId: 'flight-KE9690', seat: '32A' });
  });

  it('a case not cleared to travel cannot join a manifest, with the reason', () => {
    expect(() => given(identify, arrest, immigrationDetention, join)).toThrow(
      /not cleared to travel: joinManifest needs TRAVEL_DOCUMENT_ISSUED; it is DETAINED/,
    );
    expect(() => given(identify, arrest, immigrationDetention, deport, blacklist, hold, join)).toThrow(
      /not cleared to travel: host criminal case PP-COURT-2026-5 holds it/,
    );
    try {
      given(identify, join);
    } catch (error) {
      expect((error as DomainRuleError).rule).toBe('join-manifest-requires-clearance');
    }
  });

  it('joining the same flight again changes nothing; another flight is refused', () => {
    const manifested = given(...raidDeported, join);
    expect(eventsOf(join, manifested)).toEqual([]);
    expect(() => apply(manifested, { ...join, flightId: 'flight-OTHER' })).toThrow(/already holds a seat on flight-KE9690/);
  });

  it("leaving the manifest (the flight's compensation) returns the case to TRAVEL_DOCUMENT_ISSUED, once", () => {
    const leave = cmd('leaveManifest', { flightId: 'flight-KE9690', reason: 'escort shortfall' });
    const left = given(...raidDeported, join, leave);
    expect(left).toMatchObject({ status: 'TRAVEL_DOCUMENT_ISSUED', flightId: null, leftFlightIds: ['flight-KE9690'] });
    expect(eventsOf(leave, left)).toEqual([]);
    expect(() => apply(left, { ...leave, flightId: 'flight-NEVER' })).toThrow(
      /leaveManifest is allowed only when the suspect case is MANIFESTED/,
    );
    expect(() => apply(given(...raidDeported, join), { ...leave, flightId: 'flight-NEVER' })).toThrow(/not on flight-NEVER/);
  });

  it('a host hold on a manifested case loses its clearance for that flight and resumes as cleared when released', () => {
    const manifested = given(...raidDeported, join);
    const decided = suspectDecider.decide(hold, manifested);
    expect(decided.map((e) => e.type)).toEqual(['HostCaseHoldPlaced', 'SuspectLostTravelClearance']);
    expect(decided[1]?.data).toEqual({ caseId, flightId: 'flight-KE9690', reason: 'host criminal case PP-COURT-2026-5 holds the suspect' });
    const held = apply(manifested, hold);
    expect(held).toMatchObject({
      status: 'HELD_BY_HOST_CASE',
      flightId: null,
      clearanceLosses: 1,
      lastClearanceLoss: { flightId: 'flight-KE9690' },
    });
    expect(eventsOf(cmd('leaveManifest', { flightId: 'flight-KE9690', reason: 'seat released' }), held)).toEqual([]);
    expect(apply(held, releaseHold).status).toBe('TRAVEL_DOCUMENT_ISSUED');
  });

  it('given a cleared case, when its clearance is withdrawn, then it may not join a manifest until a new document clears it', () => {
    const cleared = given(...raidDeported);
    const withdraw = cmd('withdrawClearance', { reason: 'travel_document_revoked', note: 'certificate reported stolen' });
    expect(suspectDecider.decide(withdraw, cleared)).toEqual([
      { type: 'TravelClearanceWithdrawn', data: { caseId, reason: 'travel_document_revoked', note: 'certificate reported stolen' } },
    ]);
    const withdrawn = apply(cleared, withdraw);
    expect(withdrawn.status).toBe('CLEARANCE_WITHDRAWN');
    expect(() => apply(withdrawn, join)).toThrow(
      expect.objectContaining({ rule: 'join-manifest-requires-clearance', message: expect.stringMatching(/it is CLEARANCE_WITHDRAWN/) }),
    );
    expect(apply(withdrawn, { ...travelDocument, documentNumber: 'TC7654321' }).status).toBe('TRAVEL_DOCUMENT_ISSUED');
    // Only a cleared case has a clearance to withdraw.
    expect(() => apply(given(identify, arrest), withdraw)).toThrow(/withdrawClearance is allowed only when/);
  });

  it('given a manifested case, when a court order withdraws its clearance, then it loses its seat as a host hold does', () => {
    const manifested = given(...raidDeported, join);
    const withdraw = cmd('withdrawClearance', { reason: 'court_order', note: 'PP court 2026-77' });
    const decided = suspectDecider.decide(withdraw, manifested);
    expect(decided.map((e) => e.type)).toEqual(['TravelClearanceWithdrawn', 'SuspectLostTravelClearance']);
    expect(decided[1]?.data).toEqual({ caseId, flightId: 'flight-KE9690', reason: 'clearance withdrawn (court order): PP court 2026-77' });
    expect(apply(manifested, withdraw)).toMatchObject({ status: 'CLEARANCE_WITHDRAWN', flightId: null, clearanceLosses: 1 });
  });

  it('a release, escape or drop of a manifested case also loses its clearance', () => {
    const manifested = given(...raidDeported, join);
    for (const command of [
      cmd('recordRelease', { releasedBy: 'HOST_IMMIGRATION', reason: 'bail' }),
      cmd('recordEscape', {}),
      cmd('dropCase', { reason: 'charges withdrawn' }),
    ]) {
      expect(eventsOf(command, manifested)[1]).toBe('SuspectLostTravelClearance');
    }
  });
});

describe('SuspectCase: screened as a victim', () => {
  const screened = cmd('recordScreenedAsVictim', { note: 'lured by a fake job offer, forced to work' });

  it('given a detained suspect, when screening finds a victim, then the case ends naming the victim case it goes on in', () => {
    const detained = given(identify, arrest, immigrationDetention);
    expect(suspectDecider.decide(screened, detained)).toEqual([
      {
        type: 'SuspectScreenedAsVictim',
        data: { caseId, victimCaseId: 'victim-2026-0001', note: 'lured by a fake job offer, forced to work' },
      },
    ]);
    const ended = apply(detained, screened);
    expect(ended).toMatchObject({ status: 'SCREENED_AS_VICTIM', victimCaseId: 'victim-2026-0001' });
    for (const transition of Object.values(suspectTransitions)) expect(transition.from).not.toContain('SCREENED_AS_VICTIM');
  });

  it('given a manifested suspect, when screened as a victim, then the flight is told it lost its clearance', () => {
    expect(eventsOf(screened, given(...raidDeported, join))).toEqual(['SuspectScreenedAsVictim', 'SuspectLostTravelClearance']);
  });

  it('given a suspect not yet held, or one handed over in Korea, when screened as a victim, then it is refused', () => {
    expect(() => apply(given(identify), screened)).toThrow(/recordScreenedAsVictim is allowed only when/);
    const inKorea = [boarded, landed].reduce(apply, given(...raidDeported, join));
    expect(() => apply(inKorea, screened)).toThrow(/it is LANDED/);
  });

  it("given a suspect case opened by a victim's screening, when screened as a victim, then it is refused: the victim case goes on", () => {
    const fromScreening = given({ ...identify, source: 'screening', linkedVictimCaseId: 'victim-2025-0042' }, arrest);
    expect(() => apply(fromScreening, screened)).toThrow(expect.objectContaining({ rule: 'screened-from-victim-case' }));
  });
});

describe('SuspectCase: flight, hand-over and the 48-hour clock', () => {
  const manifested = given(...raidDeported, join);

  it('boarding on its own flight only', () => {
    expect(() => apply(manifested, { ...boarded, flightId: 'flight-OTHER' })).toThrow(/manifested on flight-KE9690, not on flight-OTHER/);
  });

  it('the on-board arrest starts the 48-hour clock from the arrest and keeps the warrant', () => {
    const inTransit = apply(given(identify, warrant, arrest, immigrationDetention, deport, blacklist, travelDocument, join), boarded);
    expect(inTransit).toMatchObject({
      status: 'IN_TRANSIT',
      inKorea: true,
      warrantNumber: 'W-2026-17',
      detentionWarrantClock: { startedAt: '2026-01-23T01:00:00.000Z', deadline: '2026-01-25T01:00:00.000Z' },
    });
    expect(runningClocks(inTransit)[0]?.steps).toEqual([
      { command: 'warnDetentionWarrantDeadline', at: '2026-01-24T13:00:00.000Z' },
      { command: 'lapseDetentionWarrantDeadline', at: '2026-01-25T01:00:00.000Z' },
    ]);
  });

  it('landing hands the suspect over; the detention warrant is requested within 48 hours', () => {
    const requested = [boarded, landed, requestDetentionWarrant].reduce(apply, manifested);
    expect(requested.status).toBe('DETENTION_WARRANT_REQUESTED');
    expect(runningClocks(requested)).toEqual([]);
  });

  it('a landing for another flight is refused', () => {
    expect(() => apply(apply(manifested, boarded), { ...landed, flightId: 'flight-OTHER' })).toThrow(/not on flight-OTHER/);
  });

  it('after the 48 hours the suspect must be released: a late request is refused', () => {
    const landedState = [boarded, landed].reduce(apply, manifested);
    expect(() => apply(landedState, { ...requestDetentionWarrant, occurredAt: '2026-01-25T01:00:01.000Z' })).toThrow(
      /48-hour window closed at 2026-01-25T01:00:00.000Z: release the suspect/,
    );
    const warn = cmd('warnDetentionWarrantDeadline', {}, '2026-01-24T13:00:00.000Z');
    const lapse = cmd('lapseDetentionWarrantDeadline', {}, '2026-01-25T01:00:00.000Z');
    const lapsed = [warn, lapse].reduce(apply, landedState);
    expect(lapsed).toMatchObject({ status: 'LANDED', detentionWarrantClock: { warned: true, lapsed: true } });
    expect(() => apply(lapsed, { ...requestDetentionWarrant, occurredAt: '2026-01-25T02:00:00.000Z' })).toThrow(/release the suspect/);
    // An arrest entered late lapses at once; a request dated within the window, entered after, was in time.
    expect(apply(lapsed, { ...requestDetentionWarrant, occurredAt: '2026-01-24T23:00:00.000Z' }).status).toBe(
      'DETENTION_WARRANT_REQUESTED',
    );
    expect(apply(lapsed, cmd('recordRelease', { releasedBy: 'NPA', reason: '48 hours lapsed' })).status).toBe('RELEASED');
  });

  it('detention in Korea runs its limit, extends once, and ends in referral and closure', () => {
    const detained = [boarded, landed, requestDetentionWarrant, detentionWarrantIssued].reduce(apply, manifested);
    expect(detained).toMatchObject({ status: 'DETAINED_IN_KOREA', detention: { until: '2026-02-03T20:00:00.000Z' } });
    const extend = cmd('extendDetention', {}, '2026-02-01T09:00:00.000Z');
    const extended = apply(detained, extend);
    expect(extended.detention).toMatchObject({ until: '2026-02-13T20:00:00.000Z', extended: true });
    expect(() => apply(extended, extend)).toThrow(/already extended/);
    const limit = apply(extended, cmd('reachDetentionLimit', {}, '2026-02-13T20:00:00.000Z'));
    expect(limit).toMatchObject({ status: 'DETAINED_IN_KOREA', detention: { limitReached: true } });
    const referral = cmd('referToProsecution', { prosecutorsOffice: 'Suwon District Prosecutors', charges: ['fraud'] });
    const closed = [referral, cmd('closeCase', {})].reduce(apply, limit);
    expect(closed.status).toBe('CLOSED');
  });

  it('a suspect released in Korea may still be referred, one released abroad may not', () => {
    const referral = cmd('referToProsecution', { prosecutorsOffice: 'Suwon District Prosecutors', charges: ['fraud'] });
    const releasedInKorea = [boarded, landed, cmd('recordRelease', { releasedBy: 'NPA', reason: 'no detention warrant' })].reduce(
      apply,
      manifested,
    );
    expect(suspectDecider.decide(referral, releasedInKorea)[0]?.data).toMatchObject({ detained: false });
    const releasedAbroad = given(identify, arrest, cmd('recordRelease', { releasedBy: 'HOST_POLICE', reason: 'bail' }));
    expect(() => apply(releasedAbroad, referral)).toThrow(/released abroad/);
  });
});

/** One valid payload per command, for the exhaustive transition check. */
const sample: { [T in SuspectCommand['type']]: Cmd<T> } = {
  identifySuspect: identify,
  issueArrestWarrant: warrant,
  requestRedNotice: cmd('requestRedNotice', { requestReference: 'NCB-1' }),
  recordRedNoticePublished: cmd('recordRedNoticePublished', { noticeReference: 'A-1' }),
  invalidatePassport: cmd('invalidatePassport', { orderReference: 'MOFA-1' }),
  recordArrest: cmd('recordArrest', { arrestedBy: 'HOST_POLICE', operationId: 'operation-x' }),
  recordDetention: immigrationDetention,
  warnProvisionalArrestLapse: cmd('warnProvisionalArrestLapse', {}),
  lapseProvisionalArrest: cmd('lapseProvisionalArrest', {}),
  requestExtradition,
  chaseRequest: cmd('chaseRequest', { chasedThrough: 'MOFA' }),
  flagUnansweredRequest: cmd('flagUnansweredRequest', {}),
  recordHostCourtApproval: courtApproval,
  recordHostExecutiveApproval: executiveApproval,
  recordExtraditionDenied: cmd('recordExtraditionDenied', { deniedBy: 'host_court', reason: 'r' }),
  orderDeportation: deport,
  recordReEntryBlacklist: blacklist,
  placeHostCaseHold: hold,
  releaseHostCaseHold: releaseHold,
  issueTravelDocument: travelDocument,
  joinManifest: join,
  leaveManifest: cmd('leaveManifest', { flightId: 'flight-KE9690', reason: 'r' }),
  recordOnBoardArrest: boarded,
  recordLanding: landed,
  warnDetentionWarrantDeadline: cmd('warnDetentionWarrantDeadline', {}),
  lapseDetentionWarrantDeadline: cmd('lapseDetentionWarrantDeadline', {}),
  requestDetentionWarrant,
  recordDetentionWarrantIssued: detentionWarrantIssued,
  extendDetention: cmd('extendDetention', {}),
  reachDetentionLimit: cmd('reachDetentionLimit', {}),
  referToProsecution: cmd('referToProsecution', { prosecutorsOffice: 'p', charges: ['fraud'] }),
  closeCase: cmd('closeCase', {}),
  recordRelease: cmd('recordRelease', { releasedBy: 'HOST_POLICE', reason: 'r' }),
  recordEscape: cmd('recordEscape', {}),
  dropCase: cmd('dropCase', { reason: 'r' }),
  withdrawClearance: cmd('withdrawClearance', { reason: 'court_order' }),
  recordScreenedAsVictim: cmd('recordScreenedAsVictim', {}),
};

describe('SuspectCase: the transition table', () => {
  const illegal = (Object.keys(suspectTransitions) as SuspectCommand['type'][]).flatMap((command) =>
    SUSPECT_STATUSES.filter((status) => !suspectTransitions[command].from.includes(status)).map((status) => [command, status] as const),
  );

  it.each(illegal)('%s is refused when the case is %s', (command, status: SuspectStatus) => {
    const state: SuspectState = { ...initialSuspectState(caseId), status };
    expect(() => suspectDecider.decide(sample[command], state)).toThrow(DomainRuleError);
  });

  it('every command records an event of the suspect catalogue, and every suspect event has a command', () => {
    const recorded = new Set([...Object.values(suspectEventOf), 'SuspectLostTravelClearance']);
    expect([...recorded].sort()).toEqual(eventTypesOf('suspect').sort());
  });

  it('a closed, dropped or screened-as-victim case accepts no command at all', () => {
    for (const status of ['CLOSED', 'DROPPED', 'SCREENED_AS_VICTIM'] as const) {
      for (const transition of Object.values(suspectTransitions)) expect(transition.from).not.toContain(status);
    }
  });
});
