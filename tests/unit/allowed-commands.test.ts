// The commands a case page offers: the status must allow the command (the kind's transition table)
// and the caller's agency and role must be allowed to give it (the policy); both, never one.
import { describe, expect, it } from 'vitest';
import { allowedCommands } from '../../access/allowed-commands.ts';
import type { Caller } from '../../access/caller.ts';

const caller = (agency: Caller['agency'], role: Caller['role'] = 'operator'): Caller => ({
  userId: 'u1',
  agency,
  role,
  clearance: 'CONFIDENTIAL',
});

describe('allowedCommands', () => {
  it('a MOFA operator on a reported victim case may record the location, a rescue, lost contact or close it unresolved', () => {
    expect(allowedCommands(caller('MOFA'), 'victim', 'REPORTED').sort()).toEqual(
      ['closeUnresolved', 'recordLocation', 'recordRescue', 'reportContactLost'].sort(),
    );
  });

  it('the status rules: once located, recording the location again is not offered, requesting a rescue is', () => {
    const located = allowedCommands(caller('MOFA'), 'victim', 'LOCATED');
    expect(located).toContain('requestRescue');
    expect(located).not.toContain('recordLocation');
  });

  it('the policy rules: a rescued victim may be sheltered, but only by MOFA', () => {
    expect(allowedCommands(caller('MOFA'), 'victim', 'RESCUED')).toContain('recordShelter');
    expect(allowedCommands(caller('NPA'), 'victim', 'RESCUED')).not.toContain('recordShelter');
  });

  it('a role that may not command (an analyst) and an agency that does not work the kind are offered nothing', () => {
    expect(allowedCommands(caller('NPA', 'analyst'), 'victim', 'REPORTED')).toEqual([]);
    expect(allowedCommands(caller('INTERPOL'), 'victim', 'REPORTED')).toEqual([]);
  });

  it('a closed case, and the opening command or a timer’s fact, are never offered', () => {
    expect(allowedCommands(caller('MOFA'), 'victim', 'CLOSED')).toEqual([]);
    expect(allowedCommands(caller('MOFA'), 'victim', 'NEW')).not.toContain('reportVictim');
    expect(allowedCommands(caller('MOFA'), 'victim', 'REPORTED')).not.toContain('welfareCheckDue');
  });

  it('a flight being planned: MOJ opens its manifest', () => {
    expect(allowedCommands(caller('MOJ'), 'flight', 'PLANNED')).toContain('openManifest');
  });
});
