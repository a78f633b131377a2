// VictimCase rules, given/when/then: given recorded facts, when a command arrives,
// then these events (or this rule violation).
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES_FILE, readDeadlineFile } from '../../activities/deadline-table.ts';
import { DeadlineTable } from '../../workflows/case-kit/deadlines.ts';
import { DomainRuleError } from '../../workflows/case-kit/rules.ts';
import { runningClocks } from '../../workflows/victim/clocks.ts';
import type { VictimCommand } from '../../workflows/victim/commands.ts';
import { initialVictimState, victimDecider } from '../../workflows/victim/decider.ts';
import { deciderSteps } from './decider-steps.ts';

/** The deadlines file as shipped. */
const VICTIM_DEADLINES = new DeadlineTable(readDeadlineFile(DEFAULT_DEADLINES_FILE)).victim();

const actor = { agency: 'MOFA', role: 'operator', userId: 'consul-1' } as const;
const at = '2024-03-01T09:00:00.000Z';
const caseId = 'victim-2024-0001';

const report: VictimCommand = {
  type: 'reportVictim',
  actor,
  occurredAt: at,
  caseId,
  leadAgency: 'MOFA',
  personName: 'Person A',
  reportedBy: 'family',
  hostCountry: 'KH',
  deadlines: VICTIM_DEADLINES,
};

const { given } = deciderSteps(victimDecider, () => initialVictimState(caseId));

const located: VictimCommand = { type: 'recordLocation', actor, occurredAt: at, location: 'compound, Sihanoukville', confirmedBy: 'NPA' };
const rescued: VictimCommand = { type: 'recordRescue', actor, occurredAt: at, rescuedBy: 'HOST_POLICE', operationId: 'op-1' };

describe('VictimCase rules', () => {
  it('a report opens the case as REPORTED with the lead agency', () => {
    const state = given(report);
    expect(state.status).toBe('REPORTED');
    expect(state.leadAgency).toBe('MOFA');
  });

  it('locating a person sets the rescue deadline from the configured escalation period', () => {
    const [event] = victimDecider.decide(located, given(report));
    expect(event).toMatchObject({ type: 'VictimLocated', data: { rescueDeadline: '2024-03-15T09:00:00.000Z' } });
  });

  it('a person cannot be screened before being rescued', () => {
    expect(() =>
      victimDecider.decide({ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim' }, given(report, located)),
    ).toThrow(/recordScreening is allowed only when the victim case is RESCUED or SHELTERED; it is LOCATED/);
  });

  it('screening a victim-offender links a deterministic suspect case', () => {
    const [event] = victimDecider.decide(
      { type: 'recordScreening', actor, occurredAt: at, outcome: 'victim_offender' },
      given(report, located, rescued),
    );
    expect(event?.data).toMatchObject({ outcome: 'victim_offender', suspectCaseId: 'suspect-2024-0001' });
  });

  it('only a person no longer confined may decline assistance', () => {
    const decline: VictimCommand = { type: 'recordDeclinedAssistance', actor, occurredAt: at };
    expect(() => victimDecider.decide(decline, given(report, located))).toThrow(DomainRuleError);
    expect(given(report, located, rescued, decline).status).toBe('DECLINED_ASSISTANCE');
  });

  it('a missed rescue deadline escalates once and keeps the case where it is', () => {
    const escalate: VictimCommand = { type: 'escalateRescue', actor, occurredAt: at };
    const state = given(report, located, escalate);
    expect(state.status).toBe('LOCATED');
    expect(state.rescueEscalated).toBe(true);
    expect(() => victimDecider.decide(escalate, state)).toThrow(/already escalated/);
  });

  it('welfare checks count up while the person is not located', () => {
    const due: VictimCommand = { type: 'welfareCheckDue', actor, occurredAt: at };
    const state = given(report, due, due);
    expect(state.welfareChecks).toBe(2);
    expect(victimDecider.decide(due, state)[0]?.data).toMatchObject({ checkNumber: 3, daysSinceLastChange: 21 });
  });

  it('given two welfare checks, when contact is lost, then the follow-up starts again: the first check is one interval after the loss', () => {
    const due: VictimCommand = { type: 'welfareCheckDue', actor, occurredAt: at };
    const lost: VictimCommand = { type: 'reportContactLost', actor, occurredAt: '2024-03-20T09:00:00.000Z', note: 'phone off' };
    const state = given(report, due, due, lost);
    expect(state.welfareChecks).toBe(0);
    expect(runningClocks(state)).toMatchObject([
      { deadlineKind: 'welfare_follow_up', dueAt: '2024-03-27T09:00:00.000Z', escalated: false },
    ]);
    const check: VictimCommand = { type: 'welfareCheckDue', actor, occurredAt: '2024-03-27T09:00:00.000Z' };
    expect(victimDecider.decide(check, state)[0]?.data).toMatchObject({ checkNumber: 1, daysSinceLastChange: 7 });
  });

  it('given a reported person, when contact is lost, then the case is CONTACT_LOST and the person counts as missing again', () => {
    const lost: VictimCommand = { type: 'reportContactLost', actor, occurredAt: '2024-03-05T09:00:00.000Z', note: 'phone off' };
    expect(victimDecider.decide(lost, given(report, located))).toEqual([
      { type: 'VictimContactLost', data: { caseId, note: 'phone off' } },
    ]);
    expect(given(report, located, lost)).toMatchObject({ status: 'CONTACT_LOST', statusSince: '2024-03-05T09:00:00.000Z' });
    // Once rescued, the person is no longer confined: contact loss is no longer this case's path.
    expect(() => victimDecider.decide(lost, given(report, rescued))).toThrow(/reportContactLost is allowed only when/);
  });

  it('given contact lost, when contact is regained, then the case is REPORTED again; located again, it is LOCATED with a new rescue deadline', () => {
    const lost: VictimCommand = { type: 'reportContactLost', actor, occurredAt: at };
    const regained: VictimCommand = {
      type: 'recordContactRegained',
      actor,
      occurredAt: '2024-03-08T09:00:00.000Z',
      note: 'called the hotline',
    };
    expect(victimDecider.decide(regained, given(report, lost))).toEqual([
      { type: 'VictimContactRegained', data: { caseId, note: 'called the hotline' } },
    ]);
    expect(given(report, lost, regained)).toMatchObject({ status: 'REPORTED', statusSince: '2024-03-08T09:00:00.000Z' });
    const relocated = given(report, located, lost, { ...located, occurredAt: '2024-03-10T09:00:00.000Z' });
    expect(relocated).toMatchObject({ status: 'LOCATED', rescueDeadline: '2024-03-24T09:00:00.000Z' });
    // Regaining contact is only for a case that lost it.
    expect(() => victimDecider.decide(regained, given(report))).toThrow(/recordContactRegained is allowed only when .*CONTACT_LOST/);
  });

  it('given a victim case opened from a suspect case screened as a victim, then it names that case and refuses a victim-offender screening', () => {
    const fromSuspect = given({ ...report, reportedBy: 'screening', linkedSuspectCaseId: 'suspect-2024-0001' }, rescued);
    expect(fromSuspect).toMatchObject({ status: 'RESCUED', linkedSuspectCaseId: 'suspect-2024-0001' });
    expect(() => victimDecider.decide({ type: 'recordScreening', actor, occurredAt: at, outcome: 'victim_offender' }, fromSuspect)).toThrow(
      expect.objectContaining({ rule: 'screened-from-suspect-case' }),
    );
    expect(
      given({ ...report, reportedBy: 'screening', linkedSuspectCaseId: 'suspect-2024-0001' }, rescued, {
        type: 'recordScreening',
        actor,
        occurredAt: at,
        outcome: 'victim',
      }).status,
    ).toBe('SCREENED');
  });

  it('a closed case accepts no further command', () => {
    const closed = given(report, { type: 'closeUnresolved', actor, occurredAt: at, reason: 'no trace after two years' });
    expect(closed.status).toBe('CLOSED_UNRESOLVED');
    expect(() => victimDecider.decide(located, closed)).toThrow(/it is CLOSED_UNRESOLVED/);
  });
});
