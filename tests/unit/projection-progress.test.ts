// Progress for people (a projection rebuild, the demo, the scale benchmark), through the one reporter
// in infra/progress.ts: a bar on a terminal, plain lines elsewhere; the work counted, never shown.
import { describe, expect, it } from 'vitest';
import { perSecond, progressBar, progressCounter, progressLine, progressReporter } from '../../infra/progress.ts';

function capture(isTTY: boolean): { out: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { out: { isTTY, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream, written };
}

describe('rebuild progress', () => {
  it('draws events done of the total, the share and the rate', () => {
    const progress = { done: 12_500, total: 50_000, elapsedMs: 2_000 };
    expect(perSecond(progress)).toBe(6_250);
    expect(progressBar(progress, 'events', 8)).toBe('[██░░░░░░] 12,500/50,000 events 25.0% 6,250 events/s');
    expect(progressLine('rebuild cases', progress, 'events')).toBe('rebuild cases: 12,500/50,000 events (25.0%), 6,250 events/s');
  });

  it('counts an empty replay as complete', () => {
    expect(progressBar({ done: 0, total: 0, elapsedMs: 0 }, 'events', 4)).toBe('[████] 0/0 events 100.0% 0 events/s');
  });

  it('writes plain lines, never a carriage return, when the output is not a terminal', () => {
    const { out, written } = capture(false);
    const reporter = progressReporter('rebuild cases', { unit: 'events', out, lineEveryMs: 0 });
    reporter.update({ done: 1, total: 2, elapsedMs: 1000 });
    reporter.finish({ done: 2, total: 2, elapsedMs: 1000 });
    expect(written).toEqual(['rebuild cases: 1/2 events (50.0%), 1 events/s\n', 'rebuild cases: 2/2 events (100.0%), 2 events/s\n']);
  });

  it('writes no more than one plain line per interval, and always the last', () => {
    const { out, written } = capture(false);
    const reporter = progressReporter('rebuild cases', { unit: 'events', out, lineEveryMs: 60_000 });
    for (let done = 1; done <= 3; done++) reporter.update({ done, total: 3, elapsedMs: 1000 });
    reporter.finish({ done: 3, total: 3, elapsedMs: 1000 });
    expect(written).toEqual(['rebuild cases: 1/3 events (33.3%), 1 events/s\n', 'rebuild cases: 3/3 events (100.0%), 3 events/s\n']);
  });

  it('redraws one bar in place on a terminal', () => {
    const { out, written } = capture(true);
    const reporter = progressReporter('rebuild cases', { unit: 'events', out });
    reporter.update({ done: 1, total: 2, elapsedMs: 1000 });
    reporter.finish({ done: 2, total: 2, elapsedMs: 1000 });
    expect(written.every((chunk) => chunk.startsWith('\rrebuild cases ['))).toBe(true);
    expect(written.at(-1)).toMatch(/2\/2 events 100\.0% 2 events\/s\n$/);
  });
});

describe('counted progress (the demo, the scale benchmark)', () => {
  it('shows the current step beside the bar, and blanks it out when the finished bar is shorter', () => {
    const { out, written } = capture(true);
    const reporter = progressReporter('campaign', { unit: 'requests', out });
    reporter.update({ done: 3, total: 3, elapsedMs: 1000 }, 'victims: recordRescue');
    reporter.finish({ done: 3, total: 3, elapsedMs: 1000 });
    const bar = 'campaign [██████████████████████████████] 3/3 requests 100.0% 3 requests/s';
    expect(written).toEqual([`\r${bar}  victims: recordRescue`, `\r${bar}${' '.repeat('  victims: recordRescue'.length)}\n`]);
  });

  it('adds up what was done toward the total, with the step it was', () => {
    const updates: [number, string | undefined][] = [];
    let finished = 0;
    const counter = progressCounter({ update: (p, step) => updates.push([p.done, step]), finish: (p) => (finished = p.done) }, 10);
    counter.advance(1, 'victim reports');
    counter.advance(4);
    counter.finish();
    expect(updates).toEqual([
      [1, 'victim reports'],
      [5, undefined],
    ]);
    expect(finished).toBe(5);
  });
});
