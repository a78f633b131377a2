// The VictimCase's clocks, read from the folded state: the one list the workflow's timers, the
// NextDeadline search attribute and the deadlines read model all take.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES_FILE, readDeadlineFile } from '../../activities/deadline-table.ts';
import { DeadlineTable } from '../../workflows/case-kit/deadlines.ts';
import { nextDeadline, runningClocks } from '../../workflows/victim/clocks.ts';
import type { VictimCommand } from '../../workflows/victim/commands.ts';
import { initialVictimState, victimDecider } from '../../workflows/victim/decider.ts';
import { deciderSteps } from './decider-steps.ts';

/** The deadlines file as shipped. */
const VICTIM_DEADLINES = new DeadlineTable(readDeadlineFile(DEFAULT_DEADLINES_FILE)).victim();

const actor = { agency: 'MOFA', role: 'operator', userId: 'consul-2' } as const;
const caseId = 'victim-2024-0002';
const report: VictimCommand = {
  type: 'reportVictim',
  actor,
  occurredAt: '2024-03-01T09:00:00.000Z',
  caseId,
  leadAgency: 'MOFA',
  personName: 'Person B',
  reportedBy: 'family',
  hostCountry: 'KH',
  deadlines: VICTIM_DEADLINES,
};
const located: VictimCommand = {
  type: 'recordLocation',
  actor,
  occurredAt: '2024-03-10T09:00:00.000Z',
  location: 'compound',
  confirmedBy: 'NPA',
};
const contactLost: VictimCommand = { type: 'reportContactLost', actor, occurredAt: '2024-03-12T09:00:00.000Z' };

const { apply, given } = deciderSteps(victimDecider, () => initialVictimState(caseId));

describe('VictimCase clocks', () => {
  it('a reported person gets a welfare check every interval, counted on from the last one', () => {
    const reported = given(report);
    expect(runningClocks(reported)).toEqual([
      {
        deadlineKind: 'welfare_follow_up',
        key: 'welfare-follow-up:2024-03-08T09:00:00.000Z',
        startedAt: '2024-03-01T09:00:00.000Z',
        dueAt: '2024-03-08T09:00:00.000Z',
        escalated: false,
        steps: [{ command: 'welfareCheckDue', at: '2024-03-08T09:00:00.000Z' }],
      },
    ]);
    const checked = apply(reported, { type: 'welfareCheckDue', actor, occurredAt: '2024-03-08T09:00:00.000Z' });
    expect(runningClocks(checked)).toMatchObject([
      { startedAt: '2024-03-08T09:00:00.000Z', dueAt: '2024-03-15T09:00:00.000Z', escalated: true },
    ]);
    expect(nextDeadline(checked)).toBe('2024-03-15T09:00:00.000Z');
  });

  it('a located person runs the rescue clock from the location; once escalated it is still listed, with no step left', () => {
    const found = given(report, located);
    expect(runningClocks(found)).toEqual([
      {
        deadlineKind: 'rescue',
        key: 'rescue:2024-03-24T09:00:00.000Z',
        startedAt: '2024-03-10T09:00:00.000Z',
        dueAt: '2024-03-24T09:00:00.000Z',
        escalated: false,
        steps: [{ command: 'escalateRescue', at: '2024-03-24T09:00:00.000Z' }],
      },
    ]);
    const escalated = apply(found, { type: 'escalateRescue', actor, occurredAt: '2024-03-24T09:00:00.000Z' });
    expect(runningClocks(escalated)).toMatchObject([{ deadlineKind: 'rescue', escalated: true, steps: [] }]);
    expect(nextDeadline(escalated)).toBeNull();
  });

  it('a person lost again after being located is followed up for welfare from the loss, not chased for rescue', () => {
    const lost = given(report, located, contactLost);
    expect(runningClocks(lost).map((clock) => clock.deadlineKind)).toEqual(['welfare_follow_up']);
    expect(nextDeadline(lost)).toBe('2024-03-19T09:00:00.000Z');
  });
});
