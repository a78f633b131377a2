// Rebuild progress for people: a bar on a terminal, plain lines elsewhere; events counted, never shown.
import { describe, expect, it } from 'vitest';
import { eventsPerSecond, progressBar, progressLine, progressReporter } from '../../projections/progress.ts';

describe('rebuild progress', () => {
  it('draws events done of the total, the share and the rate', () => {
    const progress = { done: 12_500, total: 50_000, elapsedMs: 2_000 };
    expect(eventsPerSecond(progress)).toBe(6_250);
    expect(progressBar(progress, 8)).toBe('[██░░░░░░] 12,500/50,000 events 25.0% 6,250 events/s');
    expect(progressLine('rebuild cases', progress)).toBe('rebuild cases: 12,500/50,000 events (25.0%), 6,250 events/s');
  });

  it('counts an empty replay as complete', () => {
    expect(progressBar({ done: 0, total: 0, elapsedMs: 0 }, 4)).toBe('[████] 0/0 events 100.0% 0 events/s');
  });

  it('writes plain lines, never a carriage return, when the output is not a terminal', () => {
    const written: string[] = [];
    const out = { isTTY: false, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream;
    const reporter = progressReporter('rebuild cases', out, 0);
    reporter.update({ done: 1, total: 2, elapsedMs: 1000 });
    reporter.finish({ done: 2, total: 2, elapsedMs: 1000 });
    expect(written).toEqual(['rebuild cases: 1/2 events (50.0%), 1 events/s\n', 'rebuild cases: 2/2 events (100.0%), 2 events/s\n']);
  });

  it('redraws one bar in place on a terminal', () => {
    const written: string[] = [];
    const out = { isTTY: true, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream;
    const reporter = progressReporter('rebuild cases', out);
    reporter.update({ done: 1, total: 2, elapsedMs: 1000 });
    reporter.finish({ done: 2, total: 2, elapsedMs: 1000 });
    expect(written.every((chunk) => chunk.startsWith('\rrebuild cases ['))).toBe(true);
    expect(written.at(-1)).toMatch(/2\/2 events 100\.0% 2 events\/s\n$/);
  });
});
