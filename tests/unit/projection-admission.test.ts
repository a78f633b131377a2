// Which delivered events a projection applies: each stream's next version once, duplicates of the
// at-least-once relay never, and nothing after a gap.
import { describe, expect, it } from 'vitest';
import { admit } from '../../projections/admission.ts';
import { asEnvelopes, newVictimCaseId, victimEvents } from './projection-fixtures.ts';

const story = (steps: number) => asEnvelopes(victimEvents(newVictimCaseId(), steps));

describe('admitting delivered events', () => {
  it('applies a stream from its first version, in order, and advances its mark', () => {
    const events = story(3);
    const admission = admit(events, new Map());
    expect(admission.apply).toEqual(events);
    expect(admission.advanced).toEqual(new Map([[events[0]!.streamId, 3]]));
    expect(admission).toMatchObject({ duplicates: 0, gaps: [] });
  });

  it('skips versions at or below the mark, also when redelivered within the same batch', () => {
    const events = story(4);
    const streamId = events[0]!.streamId;
    const admission = admit([events[1]!, events[2]!, events[1]!, events[2]!, events[3]!], new Map([[streamId, 1]]));
    expect(admission.apply.map((e) => e.streamVersion)).toEqual([2, 3, 4]);
    expect(admission.duplicates).toBe(2);
    expect(admission.advanced.get(streamId)).toBe(4);
  });

  it('reports a gap and applies nothing of that stream after it, while other streams go on', () => {
    const broken = story(4);
    const whole = story(2);
    const admission = admit([broken[0]!, broken[2]!, whole[0]!, broken[3]!, whole[1]!], new Map());
    expect(admission.apply).toEqual([broken[0], whole[0], whole[1]]);
    expect(admission.gaps).toEqual([
      { streamId: broken[0]!.streamId, expectedVersion: 2, deliveredVersion: 3 },
      { streamId: broken[0]!.streamId, expectedVersion: 2, deliveredVersion: 4 },
    ]);
    expect(admission.advanced.get(broken[0]!.streamId)).toBe(1);
  });
});
