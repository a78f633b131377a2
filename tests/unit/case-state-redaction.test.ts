// A case's live state is redacted by the marks of the events its personal fields came from:
// a raid's pending hand-over shows a person's name to MOJ but not their passport, and nothing
// personal to an auditor; every other field passes through untouched.
import { describe, expect, it } from 'vitest';
import { visibleCategories } from '../../access/policy.ts';
import { REDACTED, redact } from '../../access/redact.ts';
import { CASE_KIND_SPECS } from '../../workflows/kinds.ts';

const operationState = {
  caseId: 'operation-2025-07',
  status: 'LAUNCHED',
  summary: { targetsRaided: 1 },
  pendingHandOvers: [
    { personRef: 'p-1', caseId: 'suspect-x', personName: 'Park', birthDate: '1990-01-01', passportNumber: 'M123', hostCountry: 'KH' },
  ],
};

describe('case state redaction', () => {
  it('shows MOJ the name of a person found in a raid, not the birth date or passport', () => {
    const moj = visibleCategories({ userId: 'p', agency: 'MOJ', role: 'operator', clearance: 'SECRET' }, 'operation', { assigned: false });
    expect(redact(CASE_KIND_SPECS.operation.access.stateSchema, operationState, moj)).toEqual({
      ...operationState,
      pendingHandOvers: [{ ...operationState.pendingHandOvers[0], birthDate: REDACTED, passportNumber: REDACTED }],
    });
  });

  it('shows an auditor the shape of the operation and no one in it', () => {
    const auditor = visibleCategories({ userId: 'a', agency: 'NPA', role: 'auditor', clearance: 'SECRET' }, 'operation', {
      assigned: true,
    });
    const [handOver] = (redact(CASE_KIND_SPECS.operation.access.stateSchema, operationState, auditor) as typeof operationState)
      .pendingHandOvers;
    expect(handOver).toEqual({
      ...operationState.pendingHandOvers[0],
      personName: REDACTED,
      birthDate: REDACTED,
      passportNumber: REDACTED,
    });
  });

  it('passes a state without personal fields through whole', () => {
    const state = { caseId: 'victim-1', status: 'LOCATED', deadlines: { welfareFollowUpDays: 7 } };
    expect(redact(CASE_KIND_SPECS.victim.access.stateSchema, state, new Set())).toEqual(state);
  });
});
