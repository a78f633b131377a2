// The benchmark's statistics and report: what `npm run bench` prints must be what its rounds measured.
import { describe, expect, it } from 'vitest';
import { alternate, median, quantile } from '../../bench/benchmark.ts';
import { formatTable, summarise, targetMet } from '../../bench/report.ts';

describe('bench statistics', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes quantiles by the nearest rank', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1, unsorted order
    expect(quantile(samples, 0.5)).toBe(500);
    expect(quantile(samples, 0.99)).toBe(990);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('alternates subject and baseline round by round', async () => {
    const order: string[] = [];
    const results = await alternate(
      3,
      async (round) => {
        order.push(`subject ${round}`);
        return round;
      },
      async (round) => {
        order.push(`baseline ${round}`);
        return 10 + round;
      },
      async (round) => {
        order.push(`prepare ${round}`);
      },
    );
    expect(order).toEqual([
      'prepare 0',
      'subject 0',
      'baseline 0',
      'prepare 1',
      'baseline 1',
      'subject 1',
      'prepare 2',
      'subject 2',
      'baseline 2',
    ]);
    expect(results).toEqual({ measured: [0, 1, 2], baseline: [10, 11, 12] });
  });
});

describe('bench report', () => {
  const measurement = {
    name: 'append',
    unit: 'events/s',
    n: 400,
    figures: [80, 100, 60],
    baseline: { name: 'raw INSERT', figures: [100, 100, 120] },
    target: { compare: '>=' as const, times: 0.8, plus: 0 },
  };

  it('summarises each figure as median and min–max, and the ratio round by round', () => {
    const row = summarise(measurement);
    expect(row.figure).toEqual({ median: 80, min: 60, max: 100 });
    expect(row.baseline?.figure).toEqual({ median: 100, min: 100, max: 120 });
    expect(row.ratio).toEqual({ median: 0.8, min: 0.5, max: 1 });
    expect(row.rounds).toBe(3);
    expect(row.target).toEqual({ text: '≥ 0.8× baseline', met: true });
  });

  it('judges a ratio target on the median of the rounds’ ratios, as the table prints it', () => {
    // Medians 2,635 against 3,667 pass 0.5×, but the rounds' ratios have a median of 0.34×.
    const row = summarise({ ...measurement, figures: [961, 2635, 5853], baseline: { name: 'raw', figures: [2806, 7945, 3667] } });
    expect(row.ratio!.median).toBeCloseTo(0.342, 2);
    expect(row.target!.met).toBe(false);
  });

  it('refuses a baseline with a different number of rounds', () => {
    expect(() => summarise({ ...measurement, baseline: { name: 'raw', figures: [1, 2] } })).toThrow(/3 rounds against 2/);
  });

  it('checks ratio, offset and absolute targets', () => {
    expect(targetMet({ compare: '<=', times: 2, plus: 50 }, 60, 5)).toBe(true);
    expect(targetMet({ compare: '<=', times: 2, plus: 50 }, 61, 5)).toBe(false);
    expect(targetMet({ compare: '<=', times: 0, plus: 2 }, 1.9, Number.NaN)).toBe(true);
    expect(targetMet({ compare: '>=', times: 0.5, plus: 0 }, 0.49, 1)).toBe(false);
    expect(
      summarise({ name: 'rebuild', unit: 's', n: 1, figures: [70, 65, 75], target: { compare: '<=', times: 0, plus: 60 } }).target,
    ).toEqual({
      text: '≤ 60 s',
      met: false,
    });
  });

  it('prints n, spreads and the target mark in the table', () => {
    const table = formatTable({ rows: [summarise(measurement)] });
    const line = table.split('\n')[2]!;
    expect(line).toContain('400 × 3');
    expect(line).toContain('80.0 (60.0–100)');
    expect(line).toContain('0.800× (0.500–1.00)');
    expect(line).toContain('≥ 0.8× baseline ✓');
  });
});
